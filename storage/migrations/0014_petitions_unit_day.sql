-- A unit's petitions in a state, by the day they were received. The inbox
-- reads a unit's resolved petitions received in the last year: by (unit,
-- state) alone SQLite read every resolved petition the unit ever had, its
-- whole row, to test the day (7,841 rows of 1.3 KB for one department of
-- the 100,000 demo history, on every render). The lists, ordered by that
-- day, read it from the index too.
DROP INDEX petitions_unit;
CREATE INDEX petitions_unit ON petitions (unit, state, received_day);
