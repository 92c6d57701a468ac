// Package storage keeps the case history: an append-only, hash-chained event
// table and the projections (units, sessions, petitions, visits, dialogues)
// that are folded from it in the same transaction. SQLite through
// modernc.org/sqlite is the embedded default. Every write goes through one
// transaction per command (or per import batch) that reads the state, asks the
// Decider (the workflow) whether the command is allowed, appends the event and
// updates the projection, so that a refused command writes nothing and a killed
// process leaves only whole commands behind.
//
// The store runs on SQLite or on PostgreSQL (dialect.go): one
// implementation, every query written once in SQLite's dialect with ?
// placeholders, which PostgreSQL's connections rewrite
// (postgres_driver.go, postgres_sql.go). What is SQLite's alone is in the
// files named for it: sqlite.go opens the database (the pragmas in the
// DSN, among them BEGIN IMMEDIATE, which gives every write transaction the
// write lock as it begins; a report connection's memory map),
// sqlite_errors.go matches constraint errors by their codes,
// sqlite_lists.go passes a list of refs as one argument, sqlite_backup.go
// checks the file page by page, copies it while writers go on (VACUUM
// INTO) and puts a copy in a database's place when no one has it open.
// PostgreSQL's is in postgres*.go: how it opens, its writer lock across
// instances, its errors, and what backup and verify's file check are there.
// Each has its migrations (migrations/sqlite, migrations/postgres).
//
// What any backend must do is the suite of storetest, which
// contract_test.go runs for SQLite and postgres_contract_test.go for
// PostgreSQL (TIEPDAN_TEST_POSTGRES).
//
// storage never imports web or workflow: the Decider is handed in by cmd.
package storage
