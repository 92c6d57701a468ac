-- A counter of every change to what an API token stands for (issue 19):
-- its account (users), the token itself (tokens), and the units a head's
-- scope is made of (units). A server keeps a token's user in memory and
-- reads this row, an index lookup, before every API request: a change by
-- any process on the same database (another instance, `tiepdan user` or
-- `token`) takes effect at its next request (web/auth.go). The triggers
-- count every write, whoever makes it.
CREATE TABLE accounts_version (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    n   INTEGER NOT NULL
);
INSERT INTO accounts_version (one, n) VALUES (1, 0);
CREATE TRIGGER users_count_insert AFTER INSERT ON users BEGIN UPDATE accounts_version SET n = n + 1; END;
CREATE TRIGGER users_count_update AFTER UPDATE ON users BEGIN UPDATE accounts_version SET n = n + 1; END;
CREATE TRIGGER users_count_delete AFTER DELETE ON users BEGIN UPDATE accounts_version SET n = n + 1; END;
CREATE TRIGGER tokens_count_insert AFTER INSERT ON tokens BEGIN UPDATE accounts_version SET n = n + 1; END;
CREATE TRIGGER tokens_count_update AFTER UPDATE ON tokens BEGIN UPDATE accounts_version SET n = n + 1; END;
CREATE TRIGGER tokens_count_delete AFTER DELETE ON tokens BEGIN UPDATE accounts_version SET n = n + 1; END;
CREATE TRIGGER units_count_insert AFTER INSERT ON units BEGIN UPDATE accounts_version SET n = n + 1; END;
CREATE TRIGGER units_count_update AFTER UPDATE ON units BEGIN UPDATE accounts_version SET n = n + 1; END;
CREATE TRIGGER units_count_delete AFTER DELETE ON units BEGIN UPDATE accounts_version SET n = n + 1; END;
