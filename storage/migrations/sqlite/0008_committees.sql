-- Committees as tenants of one installation (SPEC §10, cases/committee.go).
-- Every row that belongs to a committee carries its key: '' for the
-- installation's first committee (the own units without a parent and their
-- successors), an own unit's ref for a committee below another (a commune
-- under its province). Until this migration an own unit could not have a
-- parent, so every row recorded before belongs to the first committee and
-- the defaults say so: nothing recorded changes meaning, the reception
-- books (keyed by committee '' since 0005) go on, and nothing is to be
-- filled from the history.
ALTER TABLE units ADD COLUMN committee TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN committee TEXT NOT NULL DEFAULT '';
ALTER TABLE visits ADD COLUMN committee TEXT NOT NULL DEFAULT '';
ALTER TABLE petitions ADD COLUMN committee TEXT NOT NULL DEFAULT '';
-- The committee a petition was routed to (route to=lower naming a
-- committee of the installation): its inbox holds it. NULL: none.
ALTER TABLE petitions ADD COLUMN routed_to TEXT;
CREATE INDEX petitions_committee ON petitions (committee, received_day);
CREATE INDEX petitions_routed_to ON petitions (routed_to, received_day) WHERE routed_to IS NOT NULL;
CREATE INDEX sessions_committee ON sessions (committee, day);
-- Accounts belong to a committee, and the access log says whose reader it
-- was.
ALTER TABLE users ADD COLUMN committee TEXT NOT NULL DEFAULT '';
ALTER TABLE access_log ADD COLUMN committee TEXT NOT NULL DEFAULT '';
