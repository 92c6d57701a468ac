-- What the section II.6 statistics (package report) need to read a period
-- without reading the whole history. Everything here is derived from events.

-- Route and implement events by date: the petitions acted on in a period.
-- Partial, so that other events pay nothing but the test of op.
CREATE INDEX events_report_acted ON events (day) WHERE op IN ('route', 'implement');

-- Archive events by the petition they duplicate: the petitions of a matter.
CREATE INDEX events_duplicate_of ON events (json_extract(data, '$.duplicate_of')) WHERE op = 'archive';

-- One row per accepted petition, with the day it was accepted and the day and
-- recording time of its first resolve or terminate, kept by the triggers
-- below in the transaction that appends the event. The cases open on a day D
-- (carried over into a period starting on D) are those accepted in the 120
-- days before D and not closed before D (report_accepted_day covers the
-- test), plus the few that stayed open longer than 120 days
-- (report_accepted_long), plus, for a report as of an earlier instant, those
-- closed by an event recorded after it.
CREATE TABLE report_accepted (
    petition       TEXT PRIMARY KEY,
    accept_day     INTEGER NOT NULL,
    close_day      INTEGER,
    close_recorded INTEGER
) WITHOUT ROWID;
CREATE INDEX report_accepted_day ON report_accepted (accept_day, close_day, close_recorded);
CREATE INDEX report_accepted_long ON report_accepted (accept_day, close_day, close_recorded)
    WHERE close_day IS NULL OR close_day - accept_day > 120;
CREATE INDEX report_accepted_closed ON report_accepted (close_recorded)
    WHERE close_recorded IS NOT NULL;

CREATE TRIGGER report_accept AFTER INSERT ON events WHEN new.op = 'accept'
BEGIN
    INSERT OR IGNORE INTO report_accepted (petition, accept_day) VALUES (new.key, new.day);
END;

CREATE TRIGGER report_close AFTER INSERT ON events WHEN new.op IN ('resolve', 'terminate')
BEGIN
    UPDATE report_accepted SET close_day = new.day, close_recorded = new.recorded_at
    WHERE petition = new.key AND close_day IS NULL;
END;

-- A database that already holds history gets its rows now.
INSERT OR IGNORE INTO report_accepted (petition, accept_day)
    SELECT key, day FROM events WHERE op = 'accept' ORDER BY seq;
UPDATE report_accepted SET (close_day, close_recorded) = (
    SELECT day, recorded_at FROM events
    WHERE events.key = report_accepted.petition AND op IN ('resolve', 'terminate')
    ORDER BY seq LIMIT 1);
