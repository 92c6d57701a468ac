// Package report computes the statistics of section II.6 of the periodic
// report (SPEC §4) — reception, petitions received and where they went, the
// results of resolving complaints and denunciations, timeliness — for a
// period and the same period a year earlier, from the case history, and
// renders them: JSON (WriteJSON), the Vietnamese text (WriteText) and a
// workbook (WriteXLSX).
//
// Compute reads the history through the small Store interface that report
// owns (storage implements it on SQLite) and judges deadlines through
// Deadlines (cmd wires the workflow's rules and calendar), so that report
// imports only cases (and, for the workbook of xlsx.go alone, excelize).
// Every figure describes the history as it stood at the end of the period's
// last day: only events dated by then count, and with Options.AsOf only
// those recorded by that instant, so a report of a closed period prints
// again with the same figures. A store keeps, beside the events, each
// petition's Timeline (timeline.go): its history in a compact form, which
// Compute folds with cases.Petition.ApplyAt to the end of each period; and
// for each day of receipt the DaySummary of its timelines (summary.go),
// which Compute reads instead of a row per petition when it is fresh. Every
// rule of the statistics is here; a Store selects and stores.
//
// Periods are named by the reporting cut-offs of the inspectorate's circulars
// (periods.json, data with the years it applies to) or given as dates.
package report
