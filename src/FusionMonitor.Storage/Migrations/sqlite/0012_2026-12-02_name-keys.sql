-- Names unique ignoring case and accents (issue 20). name_key is the name as NameKey.Of reads it (Core/Text/NameKey.cs:
-- compatibility-normalised, case and accents folded, words joined by one space), written by the store with every
-- name; the unique indexes keep two instances from both inserting "Pebble Roasters" and "pebble roasters".
-- SQL cannot fold accents alike on both databases, so the rows already here are keyed once, right after this
-- migration, by MigrationRunner (NameKeyBackfill): in id order, the first of a set of duplicates keeps the plain key;
-- each later one (made before the rule existed) keeps its name, its links and its scores, and gets the key
-- '<key> #<id>', so the index holds and the start-up log names it as a duplicate of the first for an admin to merge
-- (delete one, or rename it). Editing it to its own name again is then refused like any new duplicate.
alter table brands add column name_key text null;
create unique index brands_name_key on brands (name_key);
alter table influencers add column name_key text null;
create unique index influencers_name_key on influencers (name_key);
