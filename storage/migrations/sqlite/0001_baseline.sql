-- The schema of a new installation, in SQLite's dialect (WITHOUT ROWID,
-- RAISE in triggers, INTEGER PRIMARY KEY as the row's id). Later changes are
-- migrations numbered from 0002 on; a database file of this baseline is kept
-- as a test fixture (storage/testdata/baseline.db) so that every later
-- migration is tested on it (TestBaselineFixture, storage/baseline_test.go).
--
-- The fixture is a demo history of 50 petitions, an account and its token,
-- recorded by the code of this migration alone. Make it again only with a
-- checkout whose last migration is this one (the commit that added the
-- fixture will do), never with a binary that has run a later migration:
--
--   go build -o /tmp/tiepdan ./cmd/tiepdan
--   /tmp/tiepdan demo --petitions 50 > /tmp/baseline.ndjson
--   rm -f storage/testdata/baseline.db
--   /tmp/tiepdan --db storage/testdata/baseline.db import /tmp/baseline.ndjson
--   echo mat-khau-thu-nghiem-2026 |
--     /tmp/tiepdan --db storage/testdata/baseline.db user add quantri --role admin
--   /tmp/tiepdan --db storage/testdata/baseline.db token create quantri --note "baseline fixture" >/dev/null
--   sqlite3 storage/testdata/baseline.db 'VACUUM; PRAGMA wal_checkpoint(TRUNCATE);'
--
-- The last step leaves the whole database in the one file (no -wal beside it).

-- The append-only history. Every command that changed something is one row;
-- data holds the command's canonical JSON (provenance aside); hash is sha256
-- over the previous row's hash and this row's columns, so the rows form one
-- chain. Triggers refuse any change to a row.
CREATE TABLE events (
    seq          INTEGER PRIMARY KEY,
    op           TEXT    NOT NULL,
    key          TEXT    NOT NULL,
    at           INTEGER NOT NULL, -- unix microseconds of the event
    day          INTEGER NOT NULL, -- its date in +07:00, days since 1970-01-01
    state        TEXT    NOT NULL, -- the petition's state after it, '' if none
    recorded_at  INTEGER NOT NULL, -- unix microseconds
    recorded_by  TEXT    NOT NULL,
    fingerprint  TEXT    NOT NULL,
    data         TEXT    NOT NULL,
    hash         TEXT    NOT NULL
);
CREATE UNIQUE INDEX events_key_fingerprint ON events (key, fingerprint);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

-- Projections of the history, written in Go in the transaction that appends
-- the event (storage/projection.go); verify rebuilds each from the events and
-- compares (storage/replay.go, storage/verify.go).
CREATE TABLE units (
    ref         TEXT PRIMARY KEY,
    name        TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    parent      TEXT    NOT NULL,
    remote      INTEGER NOT NULL,
    lower_label TEXT    NOT NULL
);

CREATE TABLE sessions (
    ref         TEXT PRIMARY KEY,
    kind        TEXT    NOT NULL,
    day         INTEGER NOT NULL,
    presided_by TEXT    NOT NULL,
    delegated   INTEGER NOT NULL,
    location    TEXT    NOT NULL
);
CREATE INDEX sessions_day ON sessions (day);

CREATE TABLE petitions (
    ref          TEXT PRIMARY KEY,
    state        TEXT    NOT NULL,
    type         TEXT    NOT NULL,
    unit         TEXT    NOT NULL,
    received_day INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    search       TEXT    NOT NULL, -- lower-case, diacritics folded: names and summary
    doc          TEXT    NOT NULL  -- the cases.Petition fold as JSON
);
CREATE INDEX petitions_received ON petitions (received_day);
CREATE INDEX petitions_state ON petitions (state, type);
-- A petition's received day by its ref: finds its timeline.
CREATE INDEX petitions_ref_day ON petitions (ref, received_day);
-- A unit's petitions in a state, by the day they were received (the inbox).
CREATE INDEX petitions_unit ON petitions (unit, state, received_day);
-- The search text in the lists' order, narrow: a search reads this, not the
-- rows with their documents.
CREATE INDEX petitions_search ON petitions (received_day, ref, search);

CREATE TABLE visits (
    ref          TEXT PRIMARY KEY,
    petition     TEXT    NOT NULL,
    day          INTEGER NOT NULL,
    kind         TEXT    NOT NULL,
    session      TEXT    NOT NULL,
    people       INTEGER NOT NULL,
    follow_up_on INTEGER,
    doc          TEXT    NOT NULL
);
CREATE INDEX visits_day ON visits (day);
CREATE INDEX visits_petition ON visits (petition, day);
-- The follow-up appointments on coming days (the reception schedule).
CREATE INDEX visits_follow_up ON visits (follow_up_on) WHERE follow_up_on IS NOT NULL;

CREATE TABLE dialogues (
    seq      INTEGER PRIMARY KEY, -- the event that planned it
    petition TEXT    NOT NULL,
    at       INTEGER NOT NULL,
    on_day   INTEGER NOT NULL,
    place    TEXT    NOT NULL
);
CREATE INDEX dialogues_on ON dialogues (on_day);

-- What the statistics of section II.6 read (package report owns every rule;
-- these are its rows): each petition's timeline (report.Timeline: its
-- creation, events, visits and the petitions archived as its duplicates,
-- without personal data), clustered by the day it was received; and, a row
-- a day of receipt, the report's summary of that day's timelines
-- (report.DaySummary), written when the day is summarized. A write to a
-- timeline bumps its day's version; a summary is fresh while summarized
-- equals version, and a report reads the timelines of a stale day instead.
CREATE TABLE report_timelines (
    received_day INTEGER NOT NULL,
    petition     TEXT    NOT NULL,
    timeline     BLOB    NOT NULL,
    PRIMARY KEY (received_day, petition)
) WITHOUT ROWID;

CREATE TABLE report_days (
    day        INTEGER PRIMARY KEY,
    version    INTEGER NOT NULL,
    summarized INTEGER,          -- the version summarized; NULL: never
    first_day  INTEGER,          -- report.DaySummary.FirstDay
    horizon    INTEGER,          -- report.DaySummary.Horizon
    closed     BLOB,
    open       BLOB
);

-- Accounts, API tokens, page logins and the access log of the denouncer's
-- secret. None of this is history: it is not hash-chained and replay does not
-- rebuild it; the access log is append-only all the same.
CREATE TABLE users (
    name          TEXT PRIMARY KEY,
    password_hash TEXT    NOT NULL, -- argon2id, PHC string format
    role          TEXT    NOT NULL CHECK (role IN ('reception', 'head', 'leader', 'reporter', 'admin')),
    unit          TEXT    NOT NULL DEFAULT '',
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL -- unix microseconds
);

CREATE TABLE tokens (
    id         INTEGER PRIMARY KEY,
    digest     TEXT    NOT NULL UNIQUE,
    user_name  TEXT    NOT NULL REFERENCES users (name),
    note       TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX tokens_user ON tokens (user_name);

CREATE TABLE logins (
    digest     TEXT PRIMARY KEY,
    user_name  TEXT    NOT NULL REFERENCES users (name),
    csrf       TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX logins_expires ON logins (expires_at);

CREATE TABLE access_log (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL, -- unix microseconds
    user_name TEXT    NOT NULL,
    petition  TEXT    NOT NULL,
    what      TEXT    NOT NULL
);
CREATE INDEX access_log_petition ON access_log (petition, at);
CREATE INDEX access_log_at ON access_log (at);
CREATE INDEX access_log_user ON access_log (user_name, id);
CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;

-- What an administrator changes on the admin page besides the units (which
-- are history: `unit` commands): the working-day calendar and the periodic
-- reception plan. Append-only: an edit is a new row with who made it and
-- when; what is in force is the fold of the rows in order. Not commands of
-- the hash chain: they change no petition, and the deadlines computed from
-- them are never stored.
CREATE TABLE calendar_edits (
    id          INTEGER PRIMARY KEY,
    day         INTEGER NOT NULL, -- days since 1970-01-01
    kind        TEXT    NOT NULL CHECK (kind IN ('off', 'working', 'ordinary')),
    name        TEXT    NOT NULL,
    source      TEXT    NOT NULL,
    recorded_at INTEGER NOT NULL, -- unix microseconds
    recorded_by TEXT    NOT NULL
);
CREATE TRIGGER calendar_edits_no_update BEFORE UPDATE ON calendar_edits
BEGIN SELECT RAISE(ABORT, 'calendar edits are append-only'); END;
CREATE TRIGGER calendar_edits_no_delete BEFORE DELETE ON calendar_edits
BEGIN SELECT RAISE(ABORT, 'calendar edits are append-only'); END;

CREATE TABLE reception_plans (
    id          INTEGER PRIMARY KEY,
    plan        TEXT    NOT NULL,
    note        TEXT    NOT NULL,
    recorded_at INTEGER NOT NULL,
    recorded_by TEXT    NOT NULL
);
CREATE TRIGGER reception_plans_no_update BEFORE UPDATE ON reception_plans
BEGIN SELECT RAISE(ABORT, 'reception plans are append-only'); END;
CREATE TRIGGER reception_plans_no_delete BEFORE DELETE ON reception_plans
BEGIN SELECT RAISE(ABORT, 'reception plans are append-only'); END;
