-- The denouncer's secret from the first minute (SPEC §9): the petitioner of
-- a petition not yet classified is protected as a denouncer is, so the
-- search text of such a petition no longer holds the name. The desk's
-- duplicate check still compares names, protected ones too, without
-- showing whose: `petitioner` is the petitioner's name folded as the search
-- folds it (cases.Fold), for every petition. Both are filled from each
-- petition's doc by Go code that runs with this migration
-- (storage/migrate.go, refoldPetitions): SQL cannot fold diacritics.
ALTER TABLE petitions ADD COLUMN petitioner TEXT NOT NULL DEFAULT '';
CREATE INDEX petitions_petitioner ON petitions (petitioner, state);
