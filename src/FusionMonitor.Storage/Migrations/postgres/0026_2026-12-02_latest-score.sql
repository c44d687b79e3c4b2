-- Each pair's last recorded score beside its brand (issue 15): the board of a brand with many pairs ranks them by it
-- (an index range instead of a live read of every pair of the brand), and the latest scores of a brand's pairs are one
-- index range instead of a probe into score_history per pair. One row per pair, written with every history row
-- (HistoryStore); it outlives the retention of hourly history, so a pair quiet for months keeps its last score.
create table score_latest (
    pair_id     bigint primary key references pairs (id) on delete cascade,
    brand_id    bigint not null,
    hour        timestamptz not null,
    score       double precision not null,
    confidence  double precision not null
);
create index score_latest_brand on score_latest (brand_id, score, pair_id);

insert into score_latest (pair_id, brand_id, hour, score, confidence)
select distinct on (h.pair_id) h.pair_id, p.brand_id, h.hour, h.score, h.confidence
from score_history h join pairs p on p.id = h.pair_id
order by h.pair_id, h.hour desc;
