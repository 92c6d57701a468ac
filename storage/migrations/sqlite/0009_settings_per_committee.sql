-- The holidays an administrator adds and the reception plan, per committee
-- (SPEC §10, docs/decisions.md "Settings per committee"). An edit of the
-- holiday table recorded for committee '' (the installation's first
-- committee, as every edit recorded before) counts for the whole
-- installation; a committee's own edits are laid over it for that
-- committee only. A version of the reception plan is a committee's plan;
-- a committee without a version of its own follows the installation's
-- (''). Every row recorded before is the installation's, as it was.
ALTER TABLE calendar_edits ADD COLUMN committee TEXT NOT NULL DEFAULT '';
ALTER TABLE reception_plans ADD COLUMN committee TEXT NOT NULL DEFAULT '';
CREATE INDEX reception_plans_committee ON reception_plans (committee, id);
