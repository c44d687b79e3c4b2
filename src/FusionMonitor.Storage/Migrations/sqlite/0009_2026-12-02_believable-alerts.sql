-- Believable alerts (docs/fusion-score.md, "Alerts"): spikes in both directions, drops seen on the true score path,
-- alerts that say the score before and after.

-- Positive volume beside the negative, for positive spikes (rows from before count none).
alter table rollup_volume_5m add column pos_volume real not null default 0;
alter table rollup_volume_5m add column pos_count integer not null default 0;
alter table rollup_pair_hourly add column pos_volume real not null default 0;
alter table rollup_brand_hourly add column pos_volume real not null default 0;

-- Five-minute score points of each pair for the last 48 hours (pruned hourly): the last score of the bucket and the
-- highest seen in it, so a fall inside one clock hour still has a peak to fall from, and charts show the shape of it.
create table score_recent (
    pair_id     bigint not null references pairs (id) on delete cascade,
    bucket      text not null,
    score       real not null,
    high        real not null,
    confidence  real not null,
    primary key (pair_id, bucket)
);
create index score_recent_bucket on score_recent (bucket);

alter table alerts add column score_before real null;
alter table alerts add column score_after real null;
