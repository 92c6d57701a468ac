-- The petitions on chains of duplicates, by the day they were received: a
-- report lists those it received in a period (storage.chainedReceivedQuery),
-- about one in twenty, without reading the rest of the facts index.
CREATE INDEX report_timelines_chained ON report_timelines (received_day, type_day, type, reception)
    WHERE alone = 0;
