-- A petition's received figures and its handling need its timeline only
-- when it is on a chain of duplicates (archived as a duplicate, or the one
-- another duplicates): its matter is then on the chain. Extension and
-- suspension change the deadline of a case, not where a petition went from
-- the desk or when. So the mark of report_timelines is whether it is on no
-- chain (alone); report_cases keeps plain (no chain, no extension, no
-- suspension). The visits' mark of 0008 (chained) is the same chain.
ALTER TABLE report_timelines RENAME COLUMN plain TO alone;
UPDATE report_timelines SET alone = 1
    WHERE alone = 0
        AND NOT EXISTS (SELECT 1 FROM report_duplicates d WHERE d.petition = report_timelines.petition)
        AND NOT EXISTS (SELECT 1 FROM report_duplicates d INDEXED BY report_duplicates_of
            WHERE d.of = report_timelines.petition);
