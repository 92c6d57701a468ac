-- Online reception (migrations/sqlite/0003).
ALTER TABLE sessions ADD COLUMN online boolean NOT NULL DEFAULT false;
