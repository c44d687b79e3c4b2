-- The names and aliases of every brand and influencer by their key (issue 15; see the PostgreSQL migration).
create table entity_terms (
    kind text not null,
    entity_id integer not null,
    is_name integer not null,
    key text not null,
    term text not null,
    primary key (kind, entity_id, is_name, key)
);
create index entity_terms_key on entity_terms (key);
