-- The append-only history. Every command that changed something is one row;
-- data holds the command's canonical JSON (provenance aside); hash is
-- sha256 over the previous row's hash and this row's columns, so the rows
-- form one chain.
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

-- Projections: everything below can be rebuilt from events.
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
CREATE INDEX petitions_unit ON petitions (unit, state);

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

CREATE TABLE dialogues (
    seq      INTEGER PRIMARY KEY, -- the event that planned it
    petition TEXT    NOT NULL,
    at       INTEGER NOT NULL,
    on_day   INTEGER NOT NULL,
    place    TEXT    NOT NULL
);
CREATE INDEX dialogues_on ON dialogues (on_day);
