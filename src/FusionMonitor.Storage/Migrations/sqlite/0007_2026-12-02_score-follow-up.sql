-- The ingest transaction writes only what its mentions touch: the scopes they feed. What pairs derive from those
-- scopes — hourly history, spill-over pushes, the inputs of their alerts — is produced after commit by the follow-up
-- cycle, which reads the scopes changed since it last looked (docs/fusion-score.md, "Cost at scale").

-- A scope's top contributions apart from its sums, so that reading a score parses a few numbers, not five mentions.
alter table score_scopes add column top text not null default '[]';
-- The change counter of the write transaction that last wrote the scope. SQLite has one writer at a time, so a
-- counter taken in each write transaction (change_clock) orders the changes as they commit.
alter table score_scopes add column change_id integer not null default 0;
update score_scopes set top = coalesce(json_extract(state, '$.top'), '[]'), state = json_remove(state, '$.top');
create index score_scopes_changes on score_scopes (change_id, kind, brand_id, influencer_id);

create table change_clock (
    id     integer primary key check (id = 1),
    value  integer not null
);
insert into change_clock (id, value) values (1, 1);

-- Where each shared scope (an influencer's, a brand's) stood when its pairs were last re-read (SpillOverMark).
create table score_spillover (
    kind           smallint not null,
    brand_id       bigint not null,
    influencer_id  bigint not null,
    anchor_ticks   bigint not null,
    mass           real not null,
    primary key (kind, brand_id, influencer_id)
);

-- How far each reader of the change feed has got: the last (change id, scope) it handled.
create table change_cursors (
    name           text primary key,
    change_id      bigint not null,
    kind           smallint not null,
    brand_id       bigint not null,
    influencer_id  bigint not null
);
-- Scopes written before this count as seen: the cycle they were written under evaluated every scope every time.
insert into change_cursors (name, change_id, kind, brand_id, influencer_id) values ('follow-up', 1, -1, -1, -1);

-- Only incident streams that are not inactive are kept, each with the time it must be looked at again whatever
-- arrives (AlertLifecycle.DueAt); the ones kept from before are looked at in the first cycle.
alter table alert_states add column due_at text null;
delete from alert_states where json_extract(state, '$.phase') = 'Inactive';
update alert_states set due_at = '2000-01-01T00:00:00.0000000Z';
create index alert_states_due on alert_states (due_at);

-- The alerts list of a reader limited to some brands.
create index alerts_brand on alerts (brand_id, opened_at desc, id desc);
