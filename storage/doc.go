// Package storage keeps the case history: an append-only, hash-chained event
// table and the projections (units, sessions, petitions, visits, dialogues)
// that are folded from it in the same transaction. SQLite through
// modernc.org/sqlite is the embedded default. Every write goes through one
// transaction per command (or per import batch) that reads the state, asks the
// Decider (the workflow) whether the command is allowed, appends the event and
// updates the projection, so that a refused command writes nothing and a killed
// process leaves only whole commands behind.
//
// storage never imports web or workflow: the Decider is handed in by cmd.
package storage
