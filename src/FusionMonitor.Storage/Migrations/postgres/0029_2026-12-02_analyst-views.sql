-- Read-only views for analysts' direct SQL access (issue 20; docs/operations.md "SQL views for analysts"): the
-- stored facts under stable names and plain columns (labels in words, the reading in force, names beside ids), none
-- of the credentials, keys or internal state. Grant a read-only role select on these alone.

create view analyst_mentions as
select m.id, m.source, m.external_id, m.url, m.author_handle, m.author_name, m.author_followers, m.text, m.lang,
       m.created_at, m.ingested_at, m.likes, m.reposts, m.replies, m.rating,
       case coalesce(m.corrected_label, m.label) when 0 then 'negative' when 1 then 'neutral' else 'positive' end as label,
       case m.label when 0 then 'negative' when 1 then 'neutral' else 'positive' end as model_label,
       (m.corrected_label is not null) as corrected,
       m.p_pos - m.p_neg as polarity, m.p_neg, m.p_neu, m.p_pos,
       coalesce(m.scored, true) as scored
from mentions m;

create view analyst_mention_brands as
select mb.mention_id, mb.brand_id, b.name as brand_name
from mention_brands mb join brands b on b.id = mb.brand_id;

create view analyst_mention_influencers as
select mi.mention_id, mi.influencer_id, i.name as influencer_name
from mention_influencers mi join influencers i on i.id = mi.influencer_id;

create view analyst_pairs as
select p.id as pair_id, p.brand_id, b.name as brand_name, p.influencer_id, i.name as influencer_name, p.created_at,
       (select h.score from score_history h where h.pair_id = p.id order by h.hour desc limit 1) as score,
       (select h.confidence from score_history h where h.pair_id = p.id order by h.hour desc limit 1) as confidence,
       (select h.hour from score_history h where h.pair_id = p.id order by h.hour desc limit 1) as scored_at
from pairs p join brands b on b.id = p.brand_id join influencers i on i.id = p.influencer_id;

create view analyst_scores_hourly as
select h.pair_id, p.brand_id, p.influencer_id, h.hour, h.score, h.confidence
from score_history h join pairs p on p.id = h.pair_id;

create view analyst_scores_daily as
select h.pair_id, p.brand_id, p.influencer_id, h.day, h.score, h.confidence
from score_history_daily h join pairs p on p.id = h.pair_id;

create view analyst_brand_hourly as
select r.brand_id, b.name as brand_name, r.hour, r.mentions, r.negative, r.neutral, r.positive,
       case when r.weight_sum > 0 then r.polarity_sum / r.weight_sum else null end as mean_polarity
from rollup_brand_hourly r join brands b on b.id = r.brand_id;

create view analyst_alerts as
select a.id, a.kind, a.status, a.brand_id, b.name as brand_name, a.pair_id, i.name as influencer_name,
       a.opened_at, a.acknowledged_at, a.resolved_at, a.value, a.score_before, a.score_after, a.summary, a.assignee
from alerts a
left join brands b on b.id = a.brand_id
left join pairs p on p.id = a.pair_id
left join influencers i on i.id = p.influencer_id;
