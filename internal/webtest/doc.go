// Package webtest runs the server as cmd/tiepdan wires it — web over
// SQLite with the workflow — behind httptest's TLS server, for the HTTP
// scenario tests of web and of cmd/tiepdan, and holds what those tests
// share: the clock, the accounts, the units and histories they start from,
// and readers of what the server answers (pages, JSON errors, workbooks).
//
// It is imported by tests only: it wires concrete types together, which
// outside tests only cmd/tiepdan does.
package webtest
