-- Each visit as the statistics read it without an as_of: whether it is the
-- first of its petition (no other visit of it earlier by at, then seq), and
-- whether its petition was ever on a chain of duplicates (archived as a
-- duplicate of another, or another as a duplicate of it). Both are kept by
-- storage/command.go when a visit or an archive is recorded; `chained` may
-- hold for a period that ends before the chain was made: a report reads the
-- chains of such visits from their timelines, exactly.
ALTER TABLE report_visits ADD COLUMN first INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_visits ADD COLUMN chained INTEGER NOT NULL DEFAULT 0;
UPDATE report_visits SET
    first = NOT EXISTS (SELECT 1 FROM report_visits w
        WHERE w.petition = report_visits.petition
            AND (w.at < report_visits.at OR (w.at = report_visits.at AND w.seq < report_visits.seq))),
    chained = EXISTS (SELECT 1 FROM report_duplicates d WHERE d.petition = report_visits.petition)
        OR EXISTS (SELECT 1 FROM report_duplicates d WHERE d.of = report_visits.petition);
