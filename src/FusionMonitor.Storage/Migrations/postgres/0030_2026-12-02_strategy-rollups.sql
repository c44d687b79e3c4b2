-- The strategy reads' rollups (issue 21), written in the ingest transaction with the other rollups and taken back out
-- by corrections and erasures, so the voices and aspects reads sum rows instead of reading the brand's mentions.
-- Kept 400 days (the reads span at most 366 days); a brand's rows go with the brand, an author's voice rows with an
-- erasure. Filled for mentions stored before this migration by `fusion recompute` (docs/operations.md).

-- Per brand, UTC day and author (platform and handle as the matcher folds them): the voices' evidence sums.
create table rollup_brand_voice_daily (
    brand_id          bigint not null,
    day               timestamptz not null,
    platform          text not null,
    handle            text not null,
    mentions          bigint not null,
    weight_sum        double precision not null,
    polarity_sum      double precision not null,
    evidence_squares  double precision not null,
    reach             bigint not null,
    primary key (brand_id, day, platform, handle)
);
-- "Which brands does she move?": an author's rows by handle; and retention by day.
create index rollup_brand_voice_daily_author on rollup_brand_voice_daily (platform, handle, day);
create index rollup_brand_voice_daily_day on rollup_brand_voice_daily (day);

-- Per brand, hour and aspect: the importance–performance sums; aspect '' counts every analysed mention (its Σ y²).
create table rollup_brand_aspect_hourly (
    brand_id  bigint not null,
    hour      timestamptz not null,
    aspect    text not null,
    mentions  bigint not null,
    x_sum     double precision not null,
    xx_sum    double precision not null,
    xy_sum    double precision not null,
    yy_sum    double precision not null,
    primary key (brand_id, hour, aspect)
);
create index rollup_brand_aspect_hourly_hour on rollup_brand_aspect_hourly (hour);
