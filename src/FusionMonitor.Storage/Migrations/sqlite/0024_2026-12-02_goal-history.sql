-- Goals' history and their at-risk alerts (issue 21). The goal check (GoalWatch) writes the status it judged last,
-- when, the checkpoint (milestone or the goal's date) it last raised goalAtRisk for — one alert per checkpoint — and
-- the open incident it may resolve. goal_events keeps what happened to a goal: created, edited, each status change,
-- alerts raised and resolved; read per goal on its index, deleted with the goal, at most the newest 500 per goal kept.
alter table goals add column status text null;
alter table goals add column checked_at text null;
alter table goals add column alerted_checkpoint text null;
alter table goals add column alert_incident text null;
create table goal_events (
    id        integer primary key autoincrement,
    goal_id   bigint not null references goals (id) on delete cascade,
    at        text not null,
    kind      text not null,
    status    text null,
    detail    text not null default '',
    actor     text null,
    alert_id  bigint null
);
create index goal_events_goal on goal_events (goal_id, id);
