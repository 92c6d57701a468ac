-- A committee's petitions by key, with their refs (migrations/sqlite/0010).
DROP INDEX petitions_committee;
CREATE INDEX petitions_committee ON petitions (committee, received_day, ref);
