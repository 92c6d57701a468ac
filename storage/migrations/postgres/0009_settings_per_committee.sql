-- The holidays an administrator adds and the reception plan, per committee
-- (migrations/sqlite/0009).
ALTER TABLE calendar_edits ADD COLUMN committee text NOT NULL DEFAULT '';
ALTER TABLE reception_plans ADD COLUMN committee text NOT NULL DEFAULT '';
CREATE INDEX reception_plans_committee ON reception_plans (committee, id);
