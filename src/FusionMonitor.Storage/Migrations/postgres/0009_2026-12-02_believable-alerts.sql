-- Believable alerts (docs/fusion-score.md, "Alerts"): spikes in both directions, drops seen on the true score path,
-- alerts that say the score before and after.

-- Positive volume beside the negative, for positive spikes (rows from before count none).
alter table rollup_volume_5m add column pos_volume double precision not null default 0;
alter table rollup_volume_5m add column pos_count bigint not null default 0;
alter table rollup_pair_hourly add column pos_volume double precision not null default 0;
alter table rollup_brand_hourly add column pos_volume double precision not null default 0;

-- Five-minute score points of each pair for the last 48 hours (pruned hourly): the last score of the bucket and the
-- highest seen in it, so a fall inside one clock hour still has a peak to fall from, and charts show the shape of it.
create table score_recent (
    pair_id     bigint not null references pairs (id) on delete cascade,
    bucket      timestamptz not null,
    score       double precision not null,
    high        double precision not null,
    confidence  double precision not null,
    primary key (pair_id, bucket)
);
create index score_recent_bucket on score_recent (bucket);

alter table alerts add column score_before double precision null;
alter table alerts add column score_after double precision null;
