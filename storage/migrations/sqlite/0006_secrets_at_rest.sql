-- Secrets at rest (issue 17, storage/secrets.go): the keys that have sealed
-- identities in this database, by id. check_value is an HMAC of a fixed
-- text under a key derived from the key: it tells the right key from a
-- wrong one and reveals nothing of it. since_seq is the last event recorded
-- before the key sealed anything: the events up to it hold their identities
-- as they were written (in clear, or sealed by an earlier key) and their
-- fingerprints unkeyed or under that earlier key.
CREATE TABLE secret_keys (
    id          TEXT    PRIMARY KEY,
    check_value TEXT    NOT NULL,
    since_seq   INTEGER NOT NULL
);
