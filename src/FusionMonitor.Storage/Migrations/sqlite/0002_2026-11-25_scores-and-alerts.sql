-- Fusion Score state, history, rollups and alerts. Everything here is changed in the transaction that stores the
-- mentions that move it, so any instance can rebuild its in-memory view from these tables alone.

-- One accumulator per scope (kind 0 = pair, 1 = influencer, 2 = brand), as JSON (ScopeAccumulator).
create table score_scopes (
    kind           smallint not null,
    brand_id       bigint not null,
    influencer_id  bigint not null,
    state          text not null,
    updated_at     text not null,
    primary key (kind, brand_id, influencer_id)
);

-- The latest computed score of each registered pair (for listing without recomputing).
create table pair_scores (
    pair_id     bigint primary key references pairs (id) on delete cascade,
    score       real not null,
    confidence  real not null,
    mentions    bigint not null,
    components  text not null,
    updated_at  text not null
);

-- Score history: the last score known in each wall-clock hour, per pair. A year is at most 8,760 rows a pair.
create table score_history (
    pair_id     bigint not null references pairs (id) on delete cascade,
    hour        text not null,
    score       real not null,
    confidence  real not null,
    primary key (pair_id, hour)
);

-- Mention volume by the hour the mentions were created: per pair (co-mentions) and per brand.
create table rollup_pair_hourly (
    pair_id        bigint not null,
    hour           text not null,
    mentions       bigint not null,
    negative       bigint not null,
    neutral        bigint not null,
    positive       bigint not null,
    polarity_sum   real not null,
    weight_sum     real not null,
    neg_volume     real not null,
    primary key (pair_id, hour)
);

create table rollup_brand_hourly (
    brand_id       bigint not null,
    hour           text not null,
    mentions       bigint not null,
    negative       bigint not null,
    neutral        bigint not null,
    positive       bigint not null,
    polarity_sum   real not null,
    weight_sum     real not null,
    neg_volume     real not null,
    primary key (brand_id, hour)
);

-- Five-minute negative volume per scope (scope 'b:<brand>' or 'p:<pair>') for the spike rule; pruned after 8 days.
create table rollup_volume_5m (
    scope        text not null,
    bucket       text not null,
    neg_volume   real not null,
    neg_count    bigint not null,
    primary key (scope, bucket)
);

-- Incident streams: the lifecycle state of each alert key (AlertState as JSON).
create table alert_states (
    key         text primary key,
    state       text not null,
    updated_at  text not null
);

-- Alerts as users see them: one row per incident.
create table alerts (
    id               integer primary key autoincrement,
    incident_id      text not null,
    kind             text not null,
    brand_id         bigint null,
    pair_id          bigint null,
    status           text not null,
    opened_at        text not null,
    acknowledged_at  text null,
    resolved_at      text null,
    updated_at       text not null,
    value            real not null,
    summary          text not null,
    evidence         text not null,
    constraint alerts_incident_unique unique (incident_id)
);
create index alerts_status on alerts (status, opened_at desc);
