-- The competitors a brand names (issue 21, share of voice): other tracked brands, read by the brand (the key). Both
-- sides go with their brand.
create table brand_competitors (
    brand_id       bigint not null references brands (id) on delete cascade,
    competitor_id  bigint not null references brands (id) on delete cascade,
    primary key (brand_id, competitor_id)
);
