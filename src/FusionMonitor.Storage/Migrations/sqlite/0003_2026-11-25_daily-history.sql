-- Daily score history and daily co-mention counts per pair, kept beside the hourly ones, so a year of daily history
-- is 365 rows to read instead of 8,760.
create table score_history_daily (
    pair_id     bigint not null references pairs (id) on delete cascade,
    day         text not null,
    score       real not null,
    confidence  real not null,
    primary key (pair_id, day)
);

create table rollup_pair_daily (
    pair_id   bigint not null,
    day       text not null,
    mentions  bigint not null,
    primary key (pair_id, day)
);

-- Hours are stored as fixed-width ISO text: the first ten characters are the day.
insert into score_history_daily (pair_id, day, score, confidence)
select h.pair_id, substr(h.hour, 1, 10) || 'T00:00:00.0000000Z', h.score, h.confidence
from score_history h
where h.hour = (select max(x.hour) from score_history x where x.pair_id = h.pair_id and substr(x.hour, 1, 10) = substr(h.hour, 1, 10));

insert into rollup_pair_daily (pair_id, day, mentions)
select pair_id, substr(hour, 1, 10) || 'T00:00:00.0000000Z', sum(mentions) from rollup_pair_hourly group by 1, 2;
