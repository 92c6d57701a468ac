-- The reception schedule reads the visits that set a follow-up appointment
-- on a coming day (storage/schedule.go, scheduleFollowUpsSQL). Few visits set
-- one, so the index is partial: it holds those only and costs the others
-- nothing.
CREATE INDEX visits_follow_up ON visits (follow_up_on) WHERE follow_up_on IS NOT NULL;
