-- The reception book (SPEC §9): every petition and every visit has a
-- number N/YYYY, counted per committee, book (petition, visit) and calendar
-- year of receipt in +07:00. The number is in the event's command: the store
-- writes the one it gives into the command it records (storage/book.go). An
-- event recorded before this migration has none; its number is the next of
-- its book in the order of the history, as the store would have given it,
-- and verify derives it the same way (storage/replay.go).
--
-- reception_book holds who has each number, for the refusal of a number
-- carried twice; reception_book_last the last number of each book, which
-- a command that carries none takes the next of in its transaction
-- (INSERT … ON CONFLICT DO UPDATE … RETURNING: one row locked per book, no
-- gap and no number twice under concurrent writers). The committee is ''
-- while an installation has one committee (SPEC §10 will name it).
CREATE TABLE reception_book (
    committee TEXT    NOT NULL,
    book      TEXT    NOT NULL, -- 'petition' or 'visit'
    year      INTEGER NOT NULL,
    number    INTEGER NOT NULL,
    ref       TEXT    NOT NULL,
    PRIMARY KEY (committee, book, year, number)
);
-- A petition's or a visit's number by its ref: its history shows it.
CREATE INDEX reception_book_ref ON reception_book (book, ref);
CREATE TABLE reception_book_last (
    committee TEXT    NOT NULL,
    book      TEXT    NOT NULL,
    year      INTEGER NOT NULL,
    last      INTEGER NOT NULL,
    PRIMARY KEY (committee, book, year)
);
-- A petition's number in its year (the year is its received_day's): the
-- lists order a day's petitions by it. Filled with the book by Go code that
-- runs with this migration (storage/migrate.go, numberHistory), which also
-- writes the number into each petition's and visit's doc.
ALTER TABLE petitions ADD COLUMN number INTEGER NOT NULL DEFAULT 0;
DROP INDEX petitions_search;
CREATE INDEX petitions_search ON petitions (received_day, number, ref, search);
CREATE INDEX petitions_number ON petitions (number, received_day);
