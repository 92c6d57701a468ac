-- What the section II.6 statistics count in SQL, without folding a timeline:
-- each petition's facts as of now, as integer days (+07:00) and enum words.
-- Every fact but the type is set by an event the workflow allows once at
-- most (route, archive, accept, resolve, implement, terminate), so "by the
-- end of day D" is "its day <= D". A petition is plain when it was never
-- extended or suspended and is on no chain of duplicates (archived as a
-- duplicate, or the one another duplicates): its resolution deadline then
-- depends on its accept day, type, instance, complexity and unit alone, and
-- it is its own matter. The report counts plain petitions with aggregates
-- and folds the timelines of the others. Written by storage/command.go with
-- the timeline; verify rebuilds and compares them; a database that already
-- holds history gets them when it is opened (storage.backfillFacts).
ALTER TABLE report_timelines ADD COLUMN reception INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_timelines ADD COLUMN instance INTEGER NOT NULL DEFAULT 0;
-- Where it went from the desk (own, lower, judicial, other, archived,
-- terminated; '' while it is there) and the day it went (handled_day).
ALTER TABLE report_timelines ADD COLUMN dest TEXT NOT NULL DEFAULT '';
ALTER TABLE report_timelines ADD COLUMN handled_day INTEGER;
ALTER TABLE report_timelines ADD COLUMN route_day INTEGER;
ALTER TABLE report_timelines ADD COLUMN plain INTEGER NOT NULL DEFAULT 0;

-- The facts of the petitions received, by day, without their timelines: the
-- counts read this narrow index instead of the table's long rows, grouped in
-- its order.
CREATE INDEX report_timelines_facts ON report_timelines (received_day, type, instance, reception, dest,
    handled_day, plain, type_day);

-- The recommendations and reflections routed, by the day they were routed.
CREATE INDEX report_timelines_routed ON report_timelines (route_day, plain, type)
    WHERE route_day IS NOT NULL AND type IN ('recommendation', 'reflection');

-- Each accepted complaint or denunciation, clustered by the day it was
-- accepted: the cases a period must resolve are the ones accepted in it and
-- those accepted before it and still open, nearly all accepted in the
-- openWindow days before it (storage/report.go).
CREATE TABLE report_cases (
    accept_day    INTEGER NOT NULL,
    petition      TEXT    NOT NULL,
    type          TEXT    NOT NULL,
    instance      INTEGER NOT NULL,
    complex       INTEGER NOT NULL,
    route_to      TEXT    NOT NULL,
    unit          TEXT    NOT NULL,
    plain         INTEGER NOT NULL,
    resolve_day   INTEGER,
    verdict       TEXT    NOT NULL,
    terminate_day INTEGER,
    implement_day INTEGER,
    PRIMARY KEY (accept_day, petition)
) WITHOUT ROWID;
-- The cases implemented, by day, with what their results count by.
CREATE INDEX report_cases_implemented ON report_cases (implement_day, accept_day, resolve_day, plain, type, route_to, unit)
    WHERE implement_day IS NOT NULL;
-- The cases open longer than the window, or still open.
CREATE INDEX report_cases_long ON report_cases (accept_day)
    WHERE coalesce(resolve_day, terminate_day) IS NULL OR coalesce(resolve_day, terminate_day) - accept_day > 120;
-- The cases that are not plain, by the day they were accepted.
CREATE INDEX report_cases_knotty ON report_cases (accept_day) WHERE plain = 0;

-- Where each visit stands among its petition's visits (storage.visitMarks),
-- so that the visits of a period count distinct petitions with sums: the
-- days of the visit before it, of the one of its kind before it and of the
-- group visit before it, and whether the visit before it is the first. Kept
-- by storage/command.go with first; verify rebuilds and compares them.
ALTER TABLE report_visits ADD COLUMN prev_first INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_visits ADD COLUMN prev_day INTEGER;
ALTER TABLE report_visits ADD COLUMN prev_kind_day INTEGER;
ALTER TABLE report_visits ADD COLUMN prev_group_day INTEGER;

-- Each petition's first visit.
CREATE INDEX report_visits_first ON report_visits (petition, at, seq) WHERE first = 1;
