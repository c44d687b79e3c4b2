-- The own-post decision is made once, by the matcher (the author's handle on the mention's platform is a matched
-- influencer's), and stored with the mention, so a recompute reads it instead of deciding it again. Mentions stored
-- before this migration get it from the same rule, in SQL: the handle under the platform (the source before ':'),
-- compared without case and a leading '@'.
alter table mentions add column author_influencer_id bigint null;

update mentions set author_influencer_id = (
    select min(mi.influencer_id)
    from mention_influencers mi
    join influencers i on i.id = mi.influencer_id
    where mi.mention_id = mentions.id
      and lower(ltrim(trim(json_extract(i.handles, '$."' || lower(trim(case when instr(mentions.source, ':') > 0
              then substr(mentions.source, 1, instr(mentions.source, ':') - 1) else mentions.source end)) || '"')), '@'))
          = lower(ltrim(trim(mentions.author_handle), '@'))
);

-- Written on every batch and never read: the live score is read from the accumulators, history from score_history.
drop table pair_scores;
