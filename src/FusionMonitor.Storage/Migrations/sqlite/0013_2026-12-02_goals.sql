-- Goals, "Now vs Tomorrow" (issue 21, seeds/004): a target score for a pair or a brand by a date, with optional
-- milestones ([{at, target}] as JSON). A pair's goal names its brand too, so a brand-limited reader's scope is one
-- column; both go with their pair or brand. Read by id (the key) and by brand (the index).
create table goals (
    id          integer primary key autoincrement,
    brand_id    bigint not null references brands (id) on delete cascade,
    pair_id     bigint null references pairs (id) on delete cascade,
    target      double precision not null,
    by_at       text not null,
    milestones  text not null default '[]',
    created_at  text not null,
    created_by  text null
);
create index goals_brand on goals (brand_id, id);
create index goals_pair on goals (pair_id) where pair_id is not null;
