-- Severity from size, reach and speed (issue 20): each alert keeps how fast it moved when it opened or last grew — a
-- spike's rise pace (the newest 15 minutes' volume per minute ÷ the spike window's), a drop's points per minute since
-- its peak — so every channel reads the same severity from the stored alert (AlertSeverities.Of). Null for older
-- alerts and for thresholds: an unknown speed changes nothing. Read with the alert row; no index of its own.
alter table alerts add column speed double precision null;
