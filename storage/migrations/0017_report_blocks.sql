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

-- The days whose block is missing or out of date: every change to a row
-- counted marks its day here, in the transaction that changes it, and a
-- report reads the rows of these days themselves. storage.RefreshReportBlocks
-- encodes their blocks again and clears them.
CREATE TABLE report_stale (
    kind INTEGER NOT NULL,
    day  INTEGER NOT NULL,
    PRIMARY KEY (kind, day)
) WITHOUT ROWID;

CREATE TRIGGER report_stale_timelines_insert AFTER INSERT ON report_timelines
BEGIN
    INSERT INTO report_stale (kind, day) VALUES (1, new.received_day) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER report_stale_timelines_update
    AFTER UPDATE OF received_day, type, instance, reception, dest, handled_day, alone, type_day ON report_timelines
BEGIN
    INSERT INTO report_stale (kind, day) VALUES (1, old.received_day) ON CONFLICT DO NOTHING;
    INSERT INTO report_stale (kind, day) SELECT 1, new.received_day WHERE new.received_day IS NOT old.received_day
        ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER report_stale_timelines_delete AFTER DELETE ON report_timelines
BEGIN
    INSERT INTO report_stale (kind, day) VALUES (1, old.received_day) ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER report_stale_cases_insert AFTER INSERT ON report_cases
BEGIN
    INSERT INTO report_stale (kind, day) VALUES (2, new.accept_day) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER report_stale_cases_update AFTER UPDATE ON report_cases
BEGIN
    INSERT INTO report_stale (kind, day) VALUES (2, old.accept_day) ON CONFLICT DO NOTHING;
    INSERT INTO report_stale (kind, day) SELECT 2, new.accept_day WHERE new.accept_day IS NOT old.accept_day
        ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER report_stale_cases_delete AFTER DELETE ON report_cases
BEGIN
    INSERT INTO report_stale (kind, day) VALUES (2, old.accept_day) ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER report_stale_visits_insert AFTER INSERT ON report_visits
BEGIN
    INSERT INTO report_stale (kind, day) VALUES (3, new.day) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER report_stale_visits_update
    AFTER UPDATE OF day, kind, people, chained, first, prev_first, prev_day, prev_kind_day, prev_group_day
    ON report_visits
BEGIN
    INSERT INTO report_stale (kind, day) VALUES (3, old.day) ON CONFLICT DO NOTHING;
    INSERT INTO report_stale (kind, day) SELECT 3, new.day WHERE new.day IS NOT old.day
        ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER report_stale_visits_delete AFTER DELETE ON report_visits
BEGIN
    INSERT INTO report_stale (kind, day) VALUES (3, old.day) ON CONFLICT DO NOTHING;
END;

-- A database that already holds history gets its blocks in the migration's
-- Go work (storage.backfillBlocks).
