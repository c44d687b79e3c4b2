-- Disable (issue 20): a brand, influencer or pair can be paused and enabled again without losing its history; a
-- user or an API key can be shut out until enabled. A disabled brand or influencer is left out of the matcher (the
-- catalogue rebuilds on the version the update moves), a disabled pair counts no new co-mentions and is not followed,
-- a disabled user cannot sign in and the keys they issued are refused, a disabled key is refused. A key remembers
-- the user who issued it (null: issued with a key, or before this migration).
alter table brands add column enabled boolean not null default true;
alter table influencers add column enabled boolean not null default true;
alter table pairs add column enabled boolean not null default true;
alter table users add column enabled boolean not null default true;
alter table api_keys add column enabled boolean not null default true;
alter table api_keys add column user_id bigint null;
