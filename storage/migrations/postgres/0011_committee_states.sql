-- A committee's petitions in a state, and those routed to it in a state
-- (migrations/sqlite/0011).
CREATE INDEX petitions_committee_state ON petitions (committee, state, received_day, ref);
CREATE INDEX petitions_routed_to_state ON petitions (routed_to, state, received_day, ref) WHERE routed_to IS NOT NULL;
