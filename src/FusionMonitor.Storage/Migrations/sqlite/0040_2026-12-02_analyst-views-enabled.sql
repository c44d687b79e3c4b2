-- The analysts' views carry whether each brand, influencer and pair is enabled (issue 20; paused since migration 0031,
-- docs/operations.md "SQL views for analysts"): analyst_brands and analyst_influencers, one row each, and
-- analyst_pairs with the pair's own flag and its brand's and influencer's (SQLite replaces a view by dropping it).

create view analyst_brands as
select b.id as brand_id, b.name as brand_name, b.enabled, b.created_at
from brands b;

create view analyst_influencers as
select i.id as influencer_id, i.name as influencer_name, i.enabled, i.created_at
from influencers i;

drop view analyst_pairs;

create view analyst_pairs as
select p.id as pair_id, p.brand_id, b.name as brand_name, p.influencer_id, i.name as influencer_name, p.created_at,
       (select h.score from score_history h where h.pair_id = p.id order by h.hour desc limit 1) as score,
       (select h.confidence from score_history h where h.pair_id = p.id order by h.hour desc limit 1) as confidence,
       (select h.hour from score_history h where h.pair_id = p.id order by h.hour desc limit 1) as scored_at,
       p.enabled, b.enabled as brand_enabled, i.enabled as influencer_enabled,
       (p.enabled and b.enabled and i.enabled) as followed
from pairs p join brands b on b.id = p.brand_id join influencers i on i.id = p.influencer_id;
