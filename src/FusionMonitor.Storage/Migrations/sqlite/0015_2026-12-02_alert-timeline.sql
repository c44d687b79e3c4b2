-- Incident timeline (issue 20): each alert keeps what happened to it — opened, acknowledged (by whom), noted,
-- assigned, resolved, reopened — and who it is assigned to. Read by alert in time order (alert_events_alert); kept as
-- long as its alert (deleted with it: a deleted brand or pair takes its alerts and their events) and pruned after
-- Alerts:TimelineRetention (400 days) by the hourly prune (alert_events_at).
alter table alerts add column assignee text null;
create table alert_events (
    id        integer primary key autoincrement,
    alert_id  bigint not null,
    at        text not null,
    kind      text not null,
    actor     text null,
    text      text null
);
create index alert_events_alert on alert_events (alert_id, at, id);
create index alert_events_at on alert_events (at);
