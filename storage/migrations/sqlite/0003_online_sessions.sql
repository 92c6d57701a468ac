-- Online reception (SPEC §9, Luật 136/2025 Art. 3a): a session held online.
-- A session recorded before was not: its command had no online, so 0 is what
-- the history says and nothing is to be filled. A visit's online is in its
-- doc, and in its petition's report timeline (report.Timeline).
ALTER TABLE sessions ADD COLUMN online INTEGER NOT NULL DEFAULT 0;
