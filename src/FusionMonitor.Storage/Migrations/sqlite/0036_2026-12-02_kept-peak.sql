-- The drop rule's peak kept on the pair's latest row (issue 15): the sliding-window maximum of the pair's five-minute
-- highs (PeakQueue, JSON [[bucket ticks, high], …]), written with every history row, so the follow-up cycle reads one
-- row a pair instead of four index ranges. Null (rows from before this, or rewritten by a rebuild): the rule reads the
-- five-minute history as before, and the next history row seeds the queue from it.
alter table score_latest add column peaks text null;
