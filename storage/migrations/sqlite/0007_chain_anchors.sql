-- Anchors of the hash chain (issue 17, "Trust the file"): heads of the
-- history signed with an ed25519 key kept apart from the database, so that
-- an insider with the file and without the key cannot rewrite the history
-- and have verify agree (docs/security.md says what they can still do).
--
-- The access log gets a chain of its own: each row's hash covers the
-- previous row's hash and its own columns (storage/accesslog.go). The rows
-- recorded before this migration get theirs, in the order of their ids, by
-- Go code that runs with it (storage/migrate.go, chainAccessLog), which puts
-- back the trigger that refuses an update once they are filled.
DROP TRIGGER access_log_no_update;
ALTER TABLE access_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';

-- Each anchor signs the head of the events (seq, head) and the head of the
-- access log (access_id, access_head) as they stood at signed_at, with the
-- key whose id is key (storage/anchors.go has the message signed). reason
-- says who asked: 'day' (the server, at the first minute of a day after a
-- change), 'report' (a report that gives the head).
CREATE TABLE anchors (
    id          INTEGER PRIMARY KEY,
    seq         INTEGER NOT NULL,
    head        TEXT    NOT NULL,
    access_id   INTEGER NOT NULL,
    access_head TEXT    NOT NULL,
    signed_at   INTEGER NOT NULL, -- unix microseconds
    reason      TEXT    NOT NULL,
    key         TEXT    NOT NULL,
    signature   TEXT    NOT NULL
);
CREATE INDEX anchors_seq ON anchors (seq);
CREATE TRIGGER anchors_no_update BEFORE UPDATE ON anchors
BEGIN SELECT RAISE(ABORT, 'anchors are append-only'); END;
CREATE TRIGGER anchors_no_delete BEFORE DELETE ON anchors
BEGIN SELECT RAISE(ABORT, 'anchors are append-only'); END;

-- The public keys of the signing keys the server used, for convenience:
-- an insider with the file can replace them, so verify also takes the
-- public key from outside (--public-key).
CREATE TABLE signing_keys (
    id         TEXT PRIMARY KEY,
    public_key TEXT    NOT NULL,
    added_at   INTEGER NOT NULL -- unix microseconds
);
