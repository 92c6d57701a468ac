// Package storetest is what any backend of storage must do, as tests: Run
// exercises a store through the interfaces web and report read it by
// (web.Store, web.Accounts, report.Store through ReportStore) and the few
// methods cmd calls beside them. It checks what a user would notice, never
// how a backend does it: the history is append-only and a command recorded
// twice is recorded once, a refusal writes nothing, the hash chain and the
// projections verify, a report reads one snapshot, and a day's summary is
// stale from a write to its petitions until it is summarized again, with
// the same figures either way.
//
// storage runs it for SQLite (storage/contract_test.go); a PostgreSQL
// backend runs the same. It is imported by tests only.
package storetest
