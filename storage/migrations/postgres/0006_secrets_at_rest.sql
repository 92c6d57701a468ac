-- Secrets at rest (migrations/sqlite/0006).
CREATE TABLE secret_keys (
    id          text   PRIMARY KEY,
    check_value text   NOT NULL,
    since_seq   bigint NOT NULL
);
