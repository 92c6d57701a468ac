package storage

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
)

// SummarizeDays writes the report's summary (report.Summarize) of every
// committee's day whose summary is stale or missing, the committees of one
// day a transaction, and returns how many it wrote. A report reads the
// timelines of a stale day itself, so this only makes reports faster: the
// import runs it at its end, the server in the background.
func (db *DB) SummarizeDays(ctx context.Context) (int, error) {
	var days []committeeDay
	err := each(ctx, db.read, `SELECT committee, day FROM report_days WHERE summarized IS NULL OR summarized <> version`,
		func(scan func(...any) error) error {
			var d committeeDay
			if err := scan(&d.committee, &d.day); err != nil {
				return err
			}
			days = append(days, d)
			return nil
		})
	if err != nil {
		return 0, fmt.Errorf("list the stale days: %w", err)
	}
	slices.SortFunc(days, func(a, b committeeDay) int {
		return cmp.Or(cmp.Compare(a.day, b.day), cmp.Compare(a.committee, b.committee))
	})
	n := 0
	for len(days) > 0 {
		k := 1
		for k < len(days) && days[k].day == days[0].day {
			k++
		}
		wrote, err := db.summarizeDay(ctx, days[:k])
		n += wrote
		if err != nil {
			return n, err
		}
		days = days[k:]
	}
	return n, nil
}

// committeeDay is a committee's day of receipt: a row of report_days.
type committeeDay struct {
	committee string
	day       int64
}

// summarizeDay summarizes the committees' days days in one write
// transaction, each unless its summary is fresh by then, and returns how
// many it wrote.
func (db *DB) summarizeDay(ctx context.Context, days []committeeDay) (int, error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	n := 0
	for _, d := range days {
		var version int64
		var summarized sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT version, summarized FROM report_days WHERE committee = ? AND day = ?`,
			d.committee, d.day).Scan(&version, &summarized); err != nil {
			return 0, fmt.Errorf("summarize %s: %w", cases.Date(d.day), err)
		}
		if summarized.Valid && summarized.Int64 == version {
			continue
		}
		s, err := summaryOf(ctx, tx, d)
		if err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE report_days SET summarized = ?, first_day = ?, horizon = ?, closed = ?, open = ?
			WHERE committee = ? AND day = ? AND version = ?`, version, int64(s.FirstDay), int64(s.Horizon), s.Closed, s.Open,
			d.committee, d.day, version); err != nil {
			return 0, fmt.Errorf("summarize %s: %w", cases.Date(d.day), err)
		}
		n++
	}
	if n == 0 {
		return 0, nil
	}
	return n, tx.Commit()
}

// summaryOf summarizes the timelines of the petitions committee d.committee
// received on day d.day.
func summaryOf(ctx context.Context, q queryer, d committeeDay) (report.DaySummary, error) {
	day := d.day
	var refs []string
	var timelines []report.Timeline
	err := each(ctx, q, `SELECT petition, timeline FROM report_timelines WHERE committee = ? AND received_day = ? ORDER BY petition`,
		func(scan func(...any) error) error {
			var ref string
			var t []byte
			if err := scan(&ref, &t); err != nil {
				return err
			}
			refs, timelines = append(refs, ref), append(timelines, t)
			return nil
		}, d.committee, day)
	if err != nil {
		return report.DaySummary{}, fmt.Errorf("summarize %s: %w", cases.Date(day), err)
	}
	s, err := report.Summarize(refs, timelines)
	if err != nil {
		return report.DaySummary{}, fmt.Errorf("summarize %s: %w", cases.Date(day), err)
	}
	return s, nil
}
