-- The denouncer's secret from the first minute (migrations/sqlite/0004).
ALTER TABLE petitions ADD COLUMN petitioner text NOT NULL DEFAULT '';
CREATE INDEX petitions_petitioner ON petitions (petitioner, state);
