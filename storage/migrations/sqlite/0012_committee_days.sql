-- The report's tables by committee (issue 18): a petition's timeline and
-- a day's summary are keyed by the committee that received the petitions
-- (petitions.committee) too, so that a committee's report reads its own
-- days and not the whole installation's (report.Store.Days). The
-- summaries are rebuilt: every (committee, day) is stale, and a report
-- reads its timelines until it is summarized again (storage.SummarizeDays).
CREATE TABLE report_timelines_by_committee (
    committee    TEXT    NOT NULL,
    received_day INTEGER NOT NULL,
    petition     TEXT    NOT NULL,
    timeline     BLOB    NOT NULL,
    PRIMARY KEY (committee, received_day, petition)
) WITHOUT ROWID;
INSERT INTO report_timelines_by_committee (committee, received_day, petition, timeline)
    SELECT coalesce(p.committee, ''), t.received_day, t.petition, t.timeline
    FROM report_timelines t LEFT JOIN petitions p ON p.ref = t.petition;
DROP TABLE report_timelines;
ALTER TABLE report_timelines_by_committee RENAME TO report_timelines;

DROP TABLE report_days;
CREATE TABLE report_days (
    committee  TEXT    NOT NULL,
    day        INTEGER NOT NULL,
    version    INTEGER NOT NULL,
    summarized INTEGER,          -- the version summarized; NULL: never
    first_day  INTEGER,          -- report.DaySummary.FirstDay
    horizon    INTEGER,          -- report.DaySummary.Horizon
    closed     BLOB,
    open       BLOB,
    PRIMARY KEY (committee, day)
);
INSERT INTO report_days (committee, day, version)
    SELECT DISTINCT committee, received_day, 1 FROM report_timelines;

-- A petition's committee and received day by its ref: find its timeline
-- (report.Store.Timelines) from the index alone.
DROP INDEX petitions_ref_day;
CREATE INDEX petitions_ref_day ON petitions (ref, committee, received_day);
-- The petitions sent up from another committee (cases.LinkedPetition: the
-- only refs with a dot the store makes), by committee, with the petition
-- each was sent from (report.Store.CommitteePetitions reads no document).
CREATE INDEX petitions_sent_up ON petitions (committee, ref, json_extract(doc, '$.transferred_from')) WHERE ref LIKE '%.%';

-- The petitions routed to a committee, with the committee that received
-- each: report.Store.CommitteePetitions reads them from the index alone.
DROP INDEX petitions_routed_to;
CREATE INDEX petitions_routed_to ON petitions (routed_to, received_day, committee, ref) WHERE routed_to IS NOT NULL;
