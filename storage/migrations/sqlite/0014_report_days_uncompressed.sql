-- PostgreSQL's twin stores the report's day summaries uncompressed
-- (issue 19); SQLite never compresses a value: nothing to do.
SELECT 1;
