-- Sentiment per language (issue 19). `lang` now holds the mention's language as detected (the feed's own value
-- when the text confirms it, 'und' when it cannot be told), and `scored` whether a model for that language read it.
-- Rows stored before this migration keep the language their feed declared and get `scored` null: the English model
-- read them and they still count, until `fusion rescore` detects their language and fills both.
alter table mentions add column scored boolean null;

-- Mentions no model read, counted per score scope (the same keys as score_scopes), in the transaction that stores
-- them: the pair and brand views show them as unscoredMentions without scanning the mentions. One row per scope.
create table unscored_counts (
    kind           smallint not null,
    brand_id       bigint not null,
    influencer_id  bigint not null,
    mentions       bigint not null,
    primary key (kind, brand_id, influencer_id)
);
