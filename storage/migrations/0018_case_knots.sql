-- A case extended or suspended is counted from its facts too, when every
-- extend, suspend and resume event is dated on or before the end of the
-- period: its resolution deadline is then its accept day's, with the days
-- those events added (storage.PlainCases). Each case keeps those days
-- (extensions and ended suspensions), the start of a suspension still
-- running, and the latest date of those events (knot_day; NULL when there
-- is none). A chain of duplicates does not change a case's results: a case
-- on a chain and never extended or suspended is counted like a plain one.
-- The columns are filled for an older database by the migration's Go work
-- (storage.backfillCaseKnots), which also encodes the report's blocks
-- again: the blocks of cases hold the new columns.
ALTER TABLE report_cases ADD COLUMN extra_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_cases ADD COLUMN suspended_since INTEGER;
ALTER TABLE report_cases ADD COLUMN knot_day INTEGER;
