-- Committees as tenants of one installation (migrations/sqlite/0008).
ALTER TABLE units ADD COLUMN committee text NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN committee text NOT NULL DEFAULT '';
ALTER TABLE visits ADD COLUMN committee text NOT NULL DEFAULT '';
ALTER TABLE petitions ADD COLUMN committee text NOT NULL DEFAULT '';
ALTER TABLE petitions ADD COLUMN routed_to text;
CREATE INDEX petitions_committee ON petitions (committee, received_day);
CREATE INDEX petitions_routed_to ON petitions (routed_to, received_day) WHERE routed_to IS NOT NULL;
CREATE INDEX sessions_committee ON sessions (committee, day);
ALTER TABLE users ADD COLUMN committee text NOT NULL DEFAULT '';
ALTER TABLE access_log ADD COLUMN committee text NOT NULL DEFAULT '';
