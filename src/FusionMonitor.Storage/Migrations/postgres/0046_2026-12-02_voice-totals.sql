-- Per brand and author, the running totals of the voices' day rows (issue 21: the voices' year read at 200,000
-- mentions): written with the day rows in the same upsert (ingest, corrections, erasures, the rebuild), taken out of
-- as retention prunes day rows, deleted with an erasure or the brand. A window covering most of the kept days reads
-- these less the days outside it (StrategyRollupStore.VoicesAsync). Filled here from the day rows already stored.
create table rollup_brand_voice_totals (
    brand_id          bigint not null,
    platform          text not null,
    handle            text not null,
    mentions          bigint not null,
    weight_sum        double precision not null,
    polarity_sum      double precision not null,
    evidence_squares  double precision not null,
    primary key (brand_id, platform, handle)
);
-- An erasure deletes an author's rows by handle.
create index rollup_brand_voice_totals_author on rollup_brand_voice_totals (platform, handle);

insert into rollup_brand_voice_totals (brand_id, platform, handle, mentions, weight_sum, polarity_sum, evidence_squares)
select brand_id, platform, handle, sum(mentions), sum(weight_sum), sum(polarity_sum), sum(evidence_squares)
from rollup_brand_voice_daily group by brand_id, platform, handle;
