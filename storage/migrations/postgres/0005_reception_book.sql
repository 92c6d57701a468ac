-- The reception book (migrations/sqlite/0005 says what each table holds).
-- A number is taken from reception_book_last, the book's counter row,
-- in the writer's transaction: no gap, no number twice (no sequence, whose
-- numbers a rolled-back transaction loses).
CREATE TABLE reception_book (
    committee text   NOT NULL,
    book      text   NOT NULL,
    year      bigint NOT NULL,
    number    bigint NOT NULL,
    ref       text   NOT NULL,
    PRIMARY KEY (committee, book, year, number)
);
CREATE INDEX reception_book_ref ON reception_book (book, ref);
CREATE TABLE reception_book_last (
    committee text   NOT NULL,
    book      text   NOT NULL,
    year      bigint NOT NULL,
    last      bigint NOT NULL,
    PRIMARY KEY (committee, book, year)
);
ALTER TABLE petitions ADD COLUMN number bigint NOT NULL DEFAULT 0;
DROP INDEX petitions_search;
CREATE INDEX petitions_search ON petitions (received_day, number, ref, search);
CREATE INDEX petitions_number ON petitions (number, received_day);
