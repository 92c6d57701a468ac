-- The report's day summaries stored out of line as they are, not
-- compressed (issue 19): a report of a half-year at 1,000,000 petitions
-- reads some 200 MB of them, and PostgreSQL's default (pglz) made its
-- server processes decompress each value it sent; reading uncompressed
-- chunks costs a fraction of it (docs/performance.md, "PostgreSQL").
-- The values already stored are written again, so that none stays
-- compressed.
ALTER TABLE report_days ALTER COLUMN closed SET STORAGE EXTERNAL, ALTER COLUMN open SET STORAGE EXTERNAL;
UPDATE report_days SET closed = closed || ''::bytea, open = open || ''::bytea
    WHERE closed IS NOT NULL OR open IS NOT NULL;
