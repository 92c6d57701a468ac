-- The report's tables by committee (migrations/sqlite/0012).
CREATE TABLE report_timelines_by_committee (
    committee    text   NOT NULL,
    received_day bigint NOT NULL,
    petition     text   NOT NULL,
    timeline     bytea  NOT NULL,
    PRIMARY KEY (committee, received_day, petition)
);
INSERT INTO report_timelines_by_committee (committee, received_day, petition, timeline)
    SELECT coalesce(p.committee, ''), t.received_day, t.petition, t.timeline
    FROM report_timelines t LEFT JOIN petitions p ON p.ref = t.petition;
DROP TABLE report_timelines;
ALTER TABLE report_timelines_by_committee RENAME TO report_timelines;
ALTER INDEX report_timelines_by_committee_pkey RENAME TO report_timelines_pkey;

DROP TABLE report_days;
CREATE TABLE report_days (
    committee  text   NOT NULL,
    day        bigint NOT NULL,
    version    bigint NOT NULL,
    summarized bigint,
    first_day  bigint,
    horizon    bigint,
    closed     bytea,
    open       bytea,
    PRIMARY KEY (committee, day)
);
INSERT INTO report_days (committee, day, version)
    SELECT DISTINCT committee, received_day, 1 FROM report_timelines;

DROP INDEX petitions_ref_day;
CREATE INDEX petitions_ref_day ON petitions (ref, committee, received_day);
CREATE INDEX petitions_sent_up ON petitions (committee, ref, (doc::json ->> 'transferred_from')) WHERE ref LIKE '%.%';
DROP INDEX petitions_routed_to;
CREATE INDEX petitions_routed_to ON petitions (routed_to, received_day, committee, ref) WHERE routed_to IS NOT NULL;
