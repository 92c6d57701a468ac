-- Levels and the dates units are in force (SPEC §9): a committee's level,
-- the first day a unit is in force, and its end as recorded so far — its
-- own valid_until, or the day before a successor's valid_from, or a
-- unit_until, whichever is earliest (cases.EndsOf). A unit recorded before
-- has none of them: '' and NULL, as its command says, so nothing is to be
-- filled from the history.
ALTER TABLE units ADD COLUMN level TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN valid_from INTEGER;
ALTER TABLE units ADD COLUMN valid_until INTEGER;
