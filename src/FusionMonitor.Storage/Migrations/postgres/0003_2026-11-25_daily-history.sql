-- Daily score history and daily co-mention counts per pair, kept beside the hourly ones, so a year of daily history
-- is 365 rows to read instead of 8,760.
create table score_history_daily (
    pair_id     bigint not null references pairs (id) on delete cascade,
    day         timestamptz not null,
    score       double precision not null,
    confidence  double precision not null,
    primary key (pair_id, day)
);

create table rollup_pair_daily (
    pair_id   bigint not null,
    day       timestamptz not null,
    mentions  bigint not null,
    primary key (pair_id, day)
);

insert into score_history_daily (pair_id, day, score, confidence)
select distinct on (pair_id, date_trunc('day', hour)) pair_id, date_trunc('day', hour), score, confidence
from score_history order by pair_id, date_trunc('day', hour), hour desc;

insert into rollup_pair_daily (pair_id, day, mentions)
select pair_id, date_trunc('day', hour), sum(mentions) from rollup_pair_hourly group by 1, 2;
