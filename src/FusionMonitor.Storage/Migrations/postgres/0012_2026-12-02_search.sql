-- Full-text mention search (issue 20: GET /api/mentions?q=). The words of each mention's text under the 'simple'
-- configuration (lower-cased, no stemming and no stop words, so it reads every language alike), kept by the database
-- as a stored generated column: every writer (the bulk COPY path included) fills it in the transaction that writes
-- the row, and the GIN index answers "holds all these words" without reading the texts.
alter table mentions add column text_search tsvector generated always as (to_tsvector('simple', text)) stored;
create index mentions_text_search on mentions using gin (text_search);
