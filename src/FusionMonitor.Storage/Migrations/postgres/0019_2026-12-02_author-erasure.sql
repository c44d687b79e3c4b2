-- Erasure (issue 15): an operator erases one author's data (`fusion erase --author platform:handle`,
-- POST /api/erasures), which finds the author's mentions by handle, stored with or without '@', in any case.
create index mentions_author on mentions (lower(author_handle));
