-- The day each petition was received, by its ref, in an index that holds
-- both: the statistics find a petition's timeline (report_timelines is keyed
-- by received day, then ref) from its ref without reading the petition's row.
CREATE INDEX petitions_ref_day ON petitions (ref, received_day);

-- Each timeline with the petition's type as last classified and the day of
-- that classification, so that the petitions a period received can be
-- counted by type in SQL: by the end of a day on or after type_day the
-- petition's type is this one (storage.reportStore.TypesReceived).
ALTER TABLE report_timelines ADD COLUMN type TEXT NOT NULL DEFAULT '';
ALTER TABLE report_timelines ADD COLUMN type_day INTEGER NOT NULL DEFAULT 0;
UPDATE report_timelines SET
    type = (SELECT p.type FROM petitions p WHERE p.ref = report_timelines.petition),
    type_day = coalesce((SELECT max(e.day) FROM events e
        WHERE e.key = report_timelines.petition AND e.op = 'classify'), 0);

-- The visits of a petition in the order they happened, with when each was
-- recorded: whether a visit is its petition's first is one probe.
CREATE INDEX report_visits_petition ON report_visits (petition, at, seq, recorded_at);

-- Each petition archived as a duplicate, with the one it duplicates and when
-- the archive was dated and recorded: the chains of duplicates that make
-- several petitions one matter, read without the events' JSON.
CREATE TABLE report_duplicates (
    petition    TEXT PRIMARY KEY,
    of          TEXT    NOT NULL,
    day         INTEGER NOT NULL,
    recorded_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX report_duplicates_of ON report_duplicates (of, day, recorded_at);
INSERT INTO report_duplicates (petition, of, day, recorded_at)
    SELECT key, json_extract(data, '$.duplicate_of'), day, recorded_at FROM events
    WHERE op = 'archive' AND json_extract(data, '$.reason') = 'duplicate'
        AND json_extract(data, '$.duplicate_of') IS NOT NULL;
