-- Full-text mention search (issue 20: GET /api/mentions?q=). An FTS5 index over mentions.text as external content
-- (the text is not stored twice): unicode61 words, case folded, accents kept (as PostgreSQL's 'simple' configuration
-- reads them). The mention store adds each new mention's row in the transaction that stores it
-- (SqliteMentionWriter); mentions' texts are never rewritten. The rows already here are indexed now.
create virtual table mentions_fts using fts5(text, content = 'mentions', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 0');
insert into mentions_fts (mentions_fts) values ('rebuild');
