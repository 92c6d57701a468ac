// Package workflow holds the petition state machine, the working-day calendar,
// the legal deadlines and the reception schedule; it imports only cases.
package workflow
