-- How many times the report's blocks were refreshed (storage.RefreshReportBlocks
-- adds one). A writer remembers the days it marked stale so as not to mark
-- them again at every transaction; it forgets them when this number changes,
-- since a refresh, in any process, clears the marks.
CREATE TABLE report_refresh (gen INTEGER NOT NULL);
INSERT INTO report_refresh (gen) VALUES (0);
