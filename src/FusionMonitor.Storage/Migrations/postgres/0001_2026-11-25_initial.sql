-- FusionMonitor schema, PostgreSQL dialect. Lists (aliases, keywords, handles, brand scopes) are JSON text so that
-- the same store code reads them on both databases; link tables carry the relations that queries filter on.

create table brands (
    id          bigint generated always as identity primary key,
    name        text not null,
    aliases     text not null default '[]',
    keywords    text not null default '[]',
    excludes    text not null default '[]',
    created_at  timestamptz not null default now(),
    constraint brands_name_unique unique (name)
);

create table influencers (
    id          bigint generated always as identity primary key,
    name        text not null,
    aliases     text not null default '[]',
    handles     text not null default '{}',
    created_at  timestamptz not null default now(),
    constraint influencers_name_unique unique (name)
);

create table pairs (
    id             bigint generated always as identity primary key,
    brand_id       bigint not null references brands (id) on delete cascade,
    influencer_id  bigint not null references influencers (id) on delete cascade,
    created_at     timestamptz not null default now(),
    constraint pairs_unique unique (brand_id, influencer_id)
);
create index pairs_influencer on pairs (influencer_id);

create table sources (
    id                bigint generated always as identity primary key,
    kind              text not null,
    name              text not null,
    settings          text not null default '{}',
    enabled           boolean not null default true,
    interval_seconds  integer not null default 300,
    cursor            text null,
    next_check_at     timestamptz not null default now(),
    error_count       integer not null default 0,
    last_run_at       timestamptz null,
    last_outcome      text null,
    last_error        text null,
    created_at        timestamptz not null default now(),
    constraint sources_name_unique unique (name)
);
create index sources_due on sources (next_check_at) where enabled;

create table source_runs (
    id           bigint generated always as identity primary key,
    source_id    bigint not null references sources (id) on delete cascade,
    started_at   timestamptz not null,
    finished_at  timestamptz not null,
    fetched      integer not null,
    new          integer not null,
    duplicates   integer not null,
    rejected     integer not null,
    error        text null
);
create index source_runs_source on source_runs (source_id, started_at desc);

create table mentions (
    id                bigint generated always as identity primary key,
    source            text not null,
    external_id       text not null,
    url               text null,
    author_handle     text not null,
    author_name       text null,
    author_followers  bigint null,
    text              text not null,
    lang              text null,
    created_at        timestamptz not null,
    ingested_at       timestamptz not null,
    likes             bigint not null default 0,
    reposts           bigint not null default 0,
    replies           bigint not null default 0,
    rating            smallint null,
    label             smallint not null,
    p_neg             real not null,
    p_neu             real not null,
    p_pos             real not null,
    model_version     text not null,
    matched           boolean not null,
    constraint mentions_source_external_unique unique (source, external_id)
);
create index mentions_created on mentions (created_at, id);

create table mention_brands (
    mention_id  bigint not null references mentions (id) on delete cascade,
    brand_id    bigint not null,
    primary key (brand_id, mention_id)
);
create index mention_brands_mention on mention_brands (mention_id);

create table mention_influencers (
    mention_id     bigint not null references mentions (id) on delete cascade,
    influencer_id  bigint not null,
    primary key (influencer_id, mention_id)
);
create index mention_influencers_mention on mention_influencers (mention_id);

create table rejected_items (
    id           bigint generated always as identity primary key,
    source       text null,
    external_id  text null,
    reason       text not null,
    payload      text null,
    received_at  timestamptz not null
);
create index rejected_items_received on rejected_items (received_at desc);

create table users (
    id             bigint generated always as identity primary key,
    name           text not null,
    password_hash  text not null,
    role           text not null,
    brand_ids      text null,
    created_at     timestamptz not null default now(),
    constraint users_name_unique unique (name)
);

create table api_keys (
    id            bigint generated always as identity primary key,
    name          text not null,
    key_prefix    text not null,
    key_hash      text not null,
    role          text not null,
    brand_ids     text null,
    created_at    timestamptz not null default now(),
    revoked_at    timestamptz null,
    last_used_at  timestamptz null,
    constraint api_keys_hash_unique unique (key_hash)
);
