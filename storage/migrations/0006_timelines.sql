-- Each petition's timeline (report.Timeline): its creation, workflow events
-- and visits in a compact form without personal data, appended to in the
-- transaction that records the event. Clustered by the day the petition was
-- received, so that the statistics of a period read the petitions it
-- received in one range. Derived from the events like every projection:
-- verify rebuilds and compares it; a database that already holds history
-- gets its rows when it is opened (storage.DB.backfillTimelines).
CREATE TABLE report_timelines (
    received_day INTEGER NOT NULL,
    petition     TEXT NOT NULL,
    timeline     BLOB NOT NULL,
    PRIMARY KEY (received_day, petition)
) WITHOUT ROWID;

-- The visits as the statistics read them, clustered by their date, with the
-- sequence number and times of their events, so that the visits of a period
-- are one range of one table. Written with the visit's projection.
CREATE TABLE report_visits (
    day         INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    ref         TEXT    NOT NULL,
    petition    TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    people      INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    recorded_at INTEGER NOT NULL,
    PRIMARY KEY (day, seq)
) WITHOUT ROWID;

INSERT INTO report_visits (day, seq, ref, petition, kind, people, at, recorded_at)
    SELECT v.day, e.seq, v.ref, v.petition, v.kind, v.people, e.at, e.recorded_at
    FROM visits v JOIN events e ON e.key = v.ref AND e.op = 'visit';
