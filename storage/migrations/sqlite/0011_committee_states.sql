-- A committee's petitions in a state, and those routed to it in a state
-- (issue 18): the inbox and the overview of a commune's officer read its
-- petitions state by state, one search of each index (petitionWhere), not
-- every petition of the installation in that state.
CREATE INDEX petitions_committee_state ON petitions (committee, state, received_day, ref);
CREATE INDEX petitions_routed_to_state ON petitions (routed_to, state, received_day, ref) WHERE routed_to IS NOT NULL;
