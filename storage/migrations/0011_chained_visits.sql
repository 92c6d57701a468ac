-- The visits of petitions on chains of duplicates, by day: a report reads
-- them apart from the others (storage.chainedVisitsQuery), about a tenth of
-- the visits of a period, without reading the rest. Covering: the table's
-- rows are not read.
CREATE INDEX report_visits_chained ON report_visits (day, seq, ref, petition, kind, people, at, recorded_at, first)
    WHERE chained = 1;
