-- A counter of every change to what an API token stands for (issue 19):
-- its account (users), the token itself (tokens), and the units a head's
-- scope is made of (units). A server keeps a token's user in memory and
-- reads this row, an index lookup, before every API request: a change by
-- any process on the same database (another instance, `tiepdan user` or
-- `token`) takes effect at its next request (web/auth.go). The triggers
-- count every write statement, whoever makes it.
CREATE TABLE accounts_version (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    n   BIGINT NOT NULL
);
INSERT INTO accounts_version (one, n) VALUES (1, 0);
CREATE FUNCTION count_accounts_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE accounts_version SET n = n + 1;
    RETURN NULL;
END
$$;
CREATE TRIGGER users_count AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION count_accounts_change();
CREATE TRIGGER tokens_count AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tokens
    FOR EACH STATEMENT EXECUTE FUNCTION count_accounts_change();
CREATE TRIGGER units_count AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON units
    FOR EACH STATEMENT EXECUTE FUNCTION count_accounts_change();
