-- Administration (issue 20): deleting a pair deletes its alerts, read by pair (alerts by brand have their index).
create index alerts_pair on alerts (pair_id);
