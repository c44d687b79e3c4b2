-- The own-post decision is made once, by the matcher (the author's handle on the mention's platform is a matched
-- influencer's), and stored with the mention, so a recompute reads it instead of deciding it again. Mentions stored
-- before this migration get it from the same rule, in SQL: the handle under the platform (the source before ':'),
-- compared without case and a leading '@'.
alter table mentions add column author_influencer_id bigint null;

update mentions m set author_influencer_id = own.influencer_id
from (
    select mi.mention_id, min(mi.influencer_id) as influencer_id
    from mention_influencers mi
    join mentions x on x.id = mi.mention_id
    join influencers i on i.id = mi.influencer_id
    where lower(ltrim(btrim(i.handles::json ->> lower(btrim(split_part(x.source, ':', 1)))), '@')) = lower(ltrim(btrim(x.author_handle), '@'))
    group by mi.mention_id
) own
where own.mention_id = m.id;

-- Written on every batch and never read: the live score is read from the accumulators, history from score_history.
drop table pair_scores;
