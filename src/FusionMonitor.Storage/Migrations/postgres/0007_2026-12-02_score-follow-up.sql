-- The ingest transaction writes only what its mentions touch: the scopes they feed. What pairs derive from those
-- scopes — hourly history, spill-over pushes, the inputs of their alerts — is produced after commit by the follow-up
-- cycle, which reads the scopes changed since it last looked (docs/fusion-score.md, "Cost at scale").

-- A scope's top contributions apart from its sums, so that reading a score parses a few numbers, not five mentions.
alter table score_scopes add column top text not null default '[]';
-- The id of the transaction that last wrote the scope (its xid8, as a number). The follow-up reads changes up to the
-- oldest transaction still running, so it never passes over a change that has not committed yet.
alter table score_scopes add column change_id bigint not null default 0;
update score_scopes set top = coalesce((state::jsonb -> 'top')::text, '[]'), state = (state::jsonb - 'top')::text;
create index score_scopes_changes on score_scopes (change_id, kind, brand_id, influencer_id);

-- Where each shared scope (an influencer's, a brand's) stood when its pairs were last re-read (SpillOverMark).
create table score_spillover (
    kind           smallint not null,
    brand_id       bigint not null,
    influencer_id  bigint not null,
    anchor_ticks   bigint not null,
    mass           double precision not null,
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
alter table alert_states add column due_at timestamptz null;
delete from alert_states where state::json ->> 'phase' = 'Inactive';
update alert_states set due_at = '2000-01-01T00:00:00Z';
create index alert_states_due on alert_states (due_at);

-- The alerts list of a reader limited to some brands.
create index alerts_brand on alerts (brand_id, opened_at desc, id desc);
