-- What an administrator changes on the admin page besides the units (which
-- are history: `unit` commands): the working-day calendar and the periodic
-- reception plan. Like the history they are append-only: an edit is a new
-- row with who made it and when, never a changed or deleted one, and what is
-- in force is the fold of the rows in order (workflow.Calendar.WithEdits, the
-- last plan). They are not commands of the hash chain: they change no
-- petition, and the deadlines computed from them are never stored.

-- calendar_edits: each row sets one day of the holiday table: a day off, a
-- weekend day made a working day, or back to an ordinary day; the last row
-- of a day decides it.
CREATE TABLE calendar_edits (
    id          INTEGER PRIMARY KEY,
    day         INTEGER NOT NULL, -- days since 1970-01-01
    kind        TEXT    NOT NULL CHECK (kind IN ('off', 'working', 'ordinary')),
    name        TEXT    NOT NULL,
    source      TEXT    NOT NULL,
    recorded_at INTEGER NOT NULL, -- unix microseconds
    recorded_by TEXT    NOT NULL
);

-- reception_plans: each row is the whole reception plan (the format of
-- workflow/reception.json) as an administrator saved it, with what changed
-- in words; the last row is in force.
CREATE TABLE reception_plans (
    id          INTEGER PRIMARY KEY,
    plan        TEXT    NOT NULL,
    note        TEXT    NOT NULL,
    recorded_at INTEGER NOT NULL,
    recorded_by TEXT    NOT NULL
);

CREATE TRIGGER calendar_edits_no_update BEFORE UPDATE ON calendar_edits
BEGIN SELECT RAISE(ABORT, 'calendar edits are append-only'); END;
CREATE TRIGGER calendar_edits_no_delete BEFORE DELETE ON calendar_edits
BEGIN SELECT RAISE(ABORT, 'calendar edits are append-only'); END;
CREATE TRIGGER reception_plans_no_update BEFORE UPDATE ON reception_plans
BEGIN SELECT RAISE(ABORT, 'reception plans are append-only'); END;
CREATE TRIGGER reception_plans_no_delete BEFORE DELETE ON reception_plans
BEGIN SELECT RAISE(ABORT, 'reception plans are append-only'); END;
