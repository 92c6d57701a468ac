-- Accounts, API tokens, page logins and the access log of the denouncer's
-- secret. None of this is history: it is not hash-chained and replay does not
-- rebuild it; the access log is append-only all the same.

-- users: who may use the application, with which role (web.Role). A head
-- belongs to one unit: a department or a lower committee.
CREATE TABLE users (
    name          TEXT PRIMARY KEY,
    password_hash TEXT    NOT NULL, -- argon2id, PHC string format
    role          TEXT    NOT NULL CHECK (role IN ('reception', 'head', 'leader', 'reporter', 'admin')),
    unit          TEXT    NOT NULL DEFAULT '',
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL -- unix microseconds
);

-- tokens: API bearer tokens, stored as the SHA-256 digest of the token: a
-- token has 256 random bits, so a fast hash is enough and costs nothing per
-- request.
CREATE TABLE tokens (
    id         INTEGER PRIMARY KEY,
    digest     TEXT    NOT NULL UNIQUE,
    user_name  TEXT    NOT NULL REFERENCES users (name),
    note       TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX tokens_user ON tokens (user_name);

-- logins: page sessions, by the SHA-256 digest of the cookie's value, with
-- the session's CSRF token.
CREATE TABLE logins (
    digest     TEXT PRIMARY KEY,
    user_name  TEXT    NOT NULL REFERENCES users (name),
    csrf       TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX logins_expires ON logins (expires_at);

-- access_log: every time a protected denouncer's identity was shown in clear:
-- who saw it, when, which petition, through what.
CREATE TABLE access_log (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL, -- unix microseconds
    user_name TEXT    NOT NULL,
    petition  TEXT    NOT NULL,
    what      TEXT    NOT NULL
);
CREATE INDEX access_log_petition ON access_log (petition, at);
CREATE INDEX access_log_at ON access_log (at);

CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
