-- A committee's petitions by key, with their refs (issue 18): a
-- committee's report reads the refs of every petition the committee
-- received (report.Store.CommitteePetitions) from this index alone, without
-- a read of each petition's row; the lists of a committee's petitions
-- (by received day) use it as they used the index it replaces.
DROP INDEX petitions_committee;
CREATE INDEX petitions_committee ON petitions (committee, received_day, ref);
