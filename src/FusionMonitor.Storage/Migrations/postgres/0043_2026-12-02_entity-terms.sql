-- The names and aliases of every brand and influencer by their key (issue 15: creating an influencer read every
-- brand and influencer to check for clashes, under the catalogue lock — 10,000 created through the API took 7.5
-- minutes, the last ones 20 ms each, and the cost grew with the catalogue). One row per name or alias of an entity:
-- key is NameKey.Of(term) (case and accents folded, as brands.name_key is). The clash check (NameClashes) reads only
-- the rows of the keys it is given, by entity_terms_key; the store rewrites an entity's rows with the entity and
-- deletes them with it. Rows already here are written once after this migration by MigrationRunner (EntityTermsBackfill;
-- SQL cannot fold accents alike on both databases).
create table entity_terms (
    kind text not null,         -- 'brand' or 'influencer'
    entity_id bigint not null,
    is_name boolean not null,   -- the entity's name, else one of its aliases
    key text not null,
    term text not null,         -- as written (the message names it)
    primary key (kind, entity_id, is_name, key)
);
create index entity_terms_key on entity_terms (key);
