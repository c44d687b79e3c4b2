-- Analysts' corrections of a mention's sentiment (issue 18). Every correction is kept with who made it and when,
-- and what the mention read before it; the latest one is in force and is copied onto the mention
-- (corrected_label, corrected_by, corrected_at), so every read and the score engine take it without a join. A model's
-- re-read (rescore) writes label and p_* only, so it never undoes a correction.
alter table mentions add column corrected_label smallint null;
alter table mentions add column corrected_by text null;
alter table mentions add column corrected_at timestamptz null;

create table sentiment_corrections (
    id              bigint generated always as identity primary key,
    mention_id      bigint not null references mentions (id) on delete cascade,
    label           smallint not null,
    previous_label  smallint not null,
    corrected_by    text not null,
    corrected_at    timestamptz not null
);
create index sentiment_corrections_mention on sentiment_corrections (mention_id, id);
-- the export (GET /api/corrections) reads the corrected mentions only
create index mentions_corrected on mentions (corrected_at, id) where corrected_label is not null;
