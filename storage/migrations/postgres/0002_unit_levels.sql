-- Levels and the dates units are in force (migrations/sqlite/0002).
ALTER TABLE units ADD COLUMN level text NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN valid_from bigint;
ALTER TABLE units ADD COLUMN valid_until bigint;
