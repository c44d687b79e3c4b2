-- Sentiment per party (issue 19): the polarity toward each brand and influencer a mention names, written with the
-- mention in its transaction, as JSON text ([{"kind":"brand","id":3,"label":"negative","polarity":-0.81}]). The brand
-- scope reads the polarity toward its brand, the influencer scope toward its influencer, the pair scope the lower of
-- the two (docs/fusion-score.md). Null for rows stored before: they read the whole text until `fusion rescore` fills it.
-- Read with the row it belongs to only (never searched), so it needs no index.
alter table mentions add column targets text null;
