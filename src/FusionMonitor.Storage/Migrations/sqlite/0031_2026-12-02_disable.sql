-- Disable (issue 20; see the PostgreSQL migration): enabled flags for brands, influencers, pairs, users and API keys,
-- and the user who issued a key (null: issued with a key, or before this migration).
alter table brands add column enabled integer not null default 1;
alter table influencers add column enabled integer not null default 1;
alter table pairs add column enabled integer not null default 1;
alter table users add column enabled integer not null default 1;
alter table api_keys add column enabled integer not null default 1;
alter table api_keys add column user_id integer null;
