-- Retention (issue 15, docs/operations.md "Retention"): every table the retention job prunes has an index on the
-- time it ages by, so each small batch it deletes is found without a scan.
create index source_runs_started on source_runs (started_at);
create index score_history_hour on score_history (hour);
create index rollup_pair_hourly_hour on rollup_pair_hourly (hour);
create index alerts_resolved on alerts (resolved_at) where status = 'resolved';
