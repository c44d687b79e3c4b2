-- FusionMonitor schema, SQLite dialect (timestamps as ISO-8601 UTC text, which sorts as time). Lists (aliases, keywords, handles, brand scopes) are JSON text so that
-- the same store code reads them on both databases; link tables carry the relations that queries filter on.

create table brands (
    id          integer primary key autoincrement,
    name        text not null,
    aliases     text not null default '[]',
    keywords    text not null default '[]',
    excludes    text not null default '[]',
    created_at  text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    constraint brands_name_unique unique (name)
);

create table influencers (
    id          integer primary key autoincrement,
    name        text not null,
    aliases     text not null default '[]',
    handles     text not null default '{}',
    created_at  text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    constraint influencers_name_unique unique (name)
);

create table pairs (
    id             integer primary key autoincrement,
    brand_id       bigint not null references brands (id) on delete cascade,
    influencer_id  bigint not null references influencers (id) on delete cascade,
    created_at     text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    constraint pairs_unique unique (brand_id, influencer_id)
);
create index pairs_influencer on pairs (influencer_id);

create table sources (
    id                integer primary key autoincrement,
    kind              text not null,
    name              text not null,
    settings          text not null default '{}',
    enabled           integer not null default 1,
    interval_seconds  integer not null default 300,
    cursor            text null,
    next_check_at     text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    error_count       integer not null default 0,
    last_run_at       text null,
    last_outcome      text null,
    last_error        text null,
    created_at        text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    constraint sources_name_unique unique (name)
);
create index sources_due on sources (next_check_at) where enabled;

create table source_runs (
    id           integer primary key autoincrement,
    source_id    bigint not null references sources (id) on delete cascade,
    started_at   text not null,
    finished_at  text not null,
    fetched      integer not null,
    new          integer not null,
    duplicates   integer not null,
    rejected     integer not null,
    error        text null
);
create index source_runs_source on source_runs (source_id, started_at desc);

create table mentions (
    id                integer primary key autoincrement,
    source            text not null,
    external_id       text not null,
    url               text null,
    author_handle     text not null,
    author_name       text null,
    author_followers  bigint null,
    text              text not null,
    lang              text null,
    created_at        text not null,
    ingested_at       text not null,
    likes             bigint not null default 0,
    reposts           bigint not null default 0,
    replies           bigint not null default 0,
    rating            smallint null,
    label             smallint not null,
    p_neg             real not null,
    p_neu             real not null,
    p_pos             real not null,
    model_version     text not null,
    matched           integer not null,
    constraint mentions_source_external_unique unique (source, external_id)
);
create index mentions_created on mentions (created_at, id);

-- The link tables carry no foreign key to mentions: they are written only by the ingest path, in the transaction
-- that writes their mention, and a per-row key check would cost more than the rest of bulk ingest together.
create table mention_brands (
    mention_id  bigint not null,
    brand_id    bigint not null,
    primary key (brand_id, mention_id)
);
create index mention_brands_mention on mention_brands (mention_id);

create table mention_influencers (
    mention_id     bigint not null,
    influencer_id  bigint not null,
    primary key (influencer_id, mention_id)
);
create index mention_influencers_mention on mention_influencers (mention_id);

create table rejected_items (
    id           integer primary key autoincrement,
    source       text null,
    external_id  text null,
    reason       text not null,
    payload      text null,
    received_at  text not null
);
create index rejected_items_received on rejected_items (received_at desc);

create table users (
    id             integer primary key autoincrement,
    name           text not null,
    password_hash  text not null,
    role           text not null,
    brand_ids      text null,
    created_at     text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    constraint users_name_unique unique (name)
);

create table api_keys (
    id            integer primary key autoincrement,
    name          text not null,
    key_prefix    text not null,
    key_hash      text not null,
    role          text not null,
    brand_ids     text null,
    created_at    text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    revoked_at    text null,
    last_used_at  text null,
    constraint api_keys_hash_unique unique (key_hash)
);
