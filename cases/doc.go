// Package cases holds the nouns of citizen reception and petition handling —
// units, sessions, visits, petitions and the events of their history — with the
// enums users see (each with its Vietnamese label), validation, the application
// error type and the pure fold that turns a petition's events into its current
// state. It does no I/O and imports only the standard library.
package cases
