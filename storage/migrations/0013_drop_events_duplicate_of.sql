-- Since 0007 the chains of duplicates are read from report_duplicates; no
-- query reads the archives' duplicate_of from the events' JSON any more,
-- and every archive paid for the index.
DROP INDEX IF EXISTS events_duplicate_of;
