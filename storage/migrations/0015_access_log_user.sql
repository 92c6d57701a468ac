-- The access log read by user, newest first (the admin page's filter): by
-- the row number alone SQLite walked the whole log back to find one user's
-- reveals, and the log only grows.
CREATE INDEX access_log_user ON access_log (user_name, id);
