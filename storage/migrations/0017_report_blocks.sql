-- The facts the statistics count, a day in one row: each day's rows of
-- report_timelines' facts (kind 1, by received day), of report_cases (2, by
-- accept day) and of report_visits (3, by day), encoded (storage/blocks.go),
-- so that a report of six months reads some five hundred rows and decodes
-- them in Go instead of running SQLite's interpreter over every petition,
-- case and visit of the period. Derived from those rows, which the events
-- make: verify compares them.
CREATE TABLE report_blocks (
    kind  INTEGER NOT NULL,
    day   INTEGER NOT NULL,
    facts BLOB    NOT NULL,
    PRIMARY KEY (kind, day)
) WITHOUT ROWID;

-- The days whose block is missing or out of date: the transaction that
-- changes a row counted marks its day here (storage.Tx.markStale), and a
-- report reads the rows of these days themselves. storage.RefreshReportBlocks
-- encodes their blocks again and clears them.
CREATE TABLE report_stale (
    kind INTEGER NOT NULL,
    day  INTEGER NOT NULL,
    PRIMARY KEY (kind, day)
) WITHOUT ROWID;

-- A database that already holds history gets its blocks in the Go work of
-- migration 0018 (storage.backfillCaseKnots), which changes the blocks of
-- cases.
