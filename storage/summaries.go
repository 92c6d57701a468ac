package storage

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
)

// SummarizeDays writes the report's summary (report.Summarize) of every day
// whose summary is stale or missing, a day a transaction, and returns how
// many it wrote. A report reads the timelines of a stale day itself, so this
// only makes reports faster: the import runs it at its end, the server in
// the background.
func (db *DB) SummarizeDays(ctx context.Context) (int, error) {
	var days []int64
	err := each(ctx, db.read, `SELECT day FROM report_days WHERE summarized IS NULL OR summarized <> version ORDER BY day`,
		func(scan func(...any) error) error {
			var d int64
			if err := scan(&d); err != nil {
				return err
			}
			days = append(days, d)
			return nil
		})
	if err != nil {
		return 0, fmt.Errorf("list the stale days: %w", err)
	}
	n := 0
	for _, day := range days {
		wrote, err := db.summarizeDay(ctx, day)
		if err != nil {
			return n, err
		}
		if wrote {
			n++
		}
	}
	return n, nil
}

// summarizeDay summarizes one day in a write transaction, unless its
// summary is fresh by then.
func (db *DB) summarizeDay(ctx context.Context, day int64) (bool, error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	var version int64
	var summarized sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT version, summarized FROM report_days WHERE day = ?`, day).
		Scan(&version, &summarized); err != nil {
		return false, fmt.Errorf("summarize %s: %w", cases.Date(day), err)
	}
	if summarized.Valid && summarized.Int64 == version {
		return false, nil
	}
	s, err := summaryOf(ctx, tx, day)
	if err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE report_days SET summarized = ?, first_day = ?, horizon = ?, closed = ?, open = ?
		WHERE day = ? AND version = ?`, version, int64(s.FirstDay), int64(s.Horizon), s.Closed, s.Open, day, version); err != nil {
		return false, fmt.Errorf("summarize %s: %w", cases.Date(day), err)
	}
	return true, tx.Commit()
}

// summaryOf summarizes the timelines of the petitions received on day.
func summaryOf(ctx context.Context, q queryer, day int64) (report.DaySummary, error) {
	var refs []string
	var timelines []report.Timeline
	err := each(ctx, q, `SELECT petition, timeline FROM report_timelines WHERE received_day = ? ORDER BY petition`,
		func(scan func(...any) error) error {
			var ref string
			var t []byte
			if err := scan(&ref, &t); err != nil {
				return err
			}
			refs, timelines = append(refs, ref), append(timelines, t)
			return nil
		}, day)
	if err != nil {
		return report.DaySummary{}, fmt.Errorf("summarize %s: %w", cases.Date(day), err)
	}
	s, err := report.Summarize(refs, timelines)
	if err != nil {
		return report.DaySummary{}, fmt.Errorf("summarize %s: %w", cases.Date(day), err)
	}
	return s, nil
}
