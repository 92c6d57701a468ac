package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// The administrator's edits of the working-day calendar and of the reception
// plan (0001_baseline.sql), cases.CalendarEdit and cases.ReceptionEdit:
// append-only rows with who and when, read back in order. Each row is a
// committee's (0009_settings_per_committee.sql): '' the installation's.

// AddCalendarEdits appends edits in one transaction, in order, and returns
// them with their Seq. Each needs its RecordedAt and RecordedBy.
func (db *DB) AddCalendarEdits(ctx context.Context, edits []cases.CalendarEdit) ([]cases.CalendarEdit, error) {
	for _, e := range edits {
		if e.RecordedBy == "" || e.RecordedAt.IsZero() {
			return nil, cases.FieldErrorf("recorded_by", "a calendar edit needs who recorded it and when")
		}
	}
	out := make([]cases.CalendarEdit, len(edits))
	err := db.settingsTx(ctx, func(tx *sql.Tx) error {
		for i, e := range edits {
			err := tx.QueryRowContext(ctx, `INSERT INTO calendar_edits (day, kind, name, source, recorded_at, recorded_by, committee)
				VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, int64(e.Date), e.Kind, strings.TrimSpace(e.Name),
				strings.TrimSpace(e.Source), e.RecordedAt.UnixMicro(), e.RecordedBy, e.Committee).Scan(&e.Seq)
			if err != nil {
				return fmt.Errorf("add calendar edit of %s: %w", e.Date, err)
			}
			e.Name, e.Source = strings.TrimSpace(e.Name), strings.TrimSpace(e.Source)
			out[i] = e
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// CalendarEdits returns every calendar edit, of every committee, in the
// order recorded.
func (db *DB) CalendarEdits(ctx context.Context) ([]cases.CalendarEdit, error) {
	var out []cases.CalendarEdit
	err := each(ctx, db.read, `SELECT id, day, kind, name, source, recorded_at, recorded_by, committee
		FROM calendar_edits ORDER BY id`, func(scan func(...any) error) error {
		var e cases.CalendarEdit
		var day, at int64
		if err := scan(&e.Seq, &day, &e.Kind, &e.Name, &e.Source, &at, &e.RecordedBy, &e.Committee); err != nil {
			return err
		}
		e.Date, e.RecordedAt = cases.Date(day), time.UnixMicro(at).In(cases.Zone)
		out = append(out, e)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read calendar edits: %w", err)
	}
	return out, nil
}

// AddReceptionPlan appends a version of e.Committee's reception plan,
// provided the last version of that committee's plan is still after (0:
// none): two administrators who edit the plan at once do not lose each
// other's change, the second is refused with a conflict. It returns the
// version with its Seq.
func (db *DB) AddReceptionPlan(ctx context.Context, e cases.ReceptionEdit, after int64) (cases.ReceptionEdit, error) {
	if e.RecordedBy == "" || e.RecordedAt.IsZero() {
		return e, cases.FieldErrorf("recorded_by", "a reception plan needs who recorded it and when")
	}
	err := db.settingsTx(ctx, func(tx *sql.Tx) error {
		var last int64
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM reception_plans WHERE committee = ?`, e.Committee).Scan(&last); err != nil {
			return fmt.Errorf("read the reception plan's version: %w", err)
		}
		if last != after {
			return &cases.Error{Code: cases.EConflict, Field: "version",
				Message: fmt.Sprintf("the reception plan changed meanwhile (version %d, not %d)", last, after)}
		}
		return tx.QueryRowContext(ctx, `INSERT INTO reception_plans (plan, note, recorded_at, recorded_by, committee)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, e.Plan, e.Note, e.RecordedAt.UnixMicro(), e.RecordedBy, e.Committee).Scan(&e.Seq)
	})
	return e, err
}

// ReceptionEdits returns every version of every committee's reception plan
// in the order recorded: a committee's last is in force.
func (db *DB) ReceptionEdits(ctx context.Context) ([]cases.ReceptionEdit, error) {
	var out []cases.ReceptionEdit
	err := each(ctx, db.read, `SELECT id, plan, note, recorded_at, recorded_by, committee FROM reception_plans ORDER BY id`,
		func(scan func(...any) error) error {
			var e cases.ReceptionEdit
			var at int64
			if err := scan(&e.Seq, &e.Plan, &e.Note, &at, &e.RecordedBy, &e.Committee); err != nil {
				return err
			}
			e.RecordedAt = time.UnixMicro(at).In(cases.Zone)
			out = append(out, e)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("read reception plans: %w", err)
	}
	return out, nil
}

// SettingsVersion returns the last calendar edit and the last reception
// plan recorded, of any committee (0 for none): any edit changes them, so what is computed
// from the edits can be kept under them. Both are read at the cost of an
// index lookup.
func (db *DB) SettingsVersion(ctx context.Context) (calendar, plan int64, err error) {
	err = db.read.QueryRowContext(ctx, `SELECT (SELECT coalesce(max(id), 0) FROM calendar_edits),
		(SELECT coalesce(max(id), 0) FROM reception_plans)`).Scan(&calendar, &plan)
	if err != nil {
		return 0, 0, fmt.Errorf("read the settings' version: %w", err)
	}
	return calendar, plan, nil
}

// settingsTx runs fn in a write transaction on the one writer connection,
// beside the commands. It takes the write lock as it begins (sqlite.go), so
// that a version it reads cannot move before it commits (AddReceptionPlan).
func (db *DB) settingsTx(ctx context.Context, fn func(*sql.Tx) error) (err error) {
	defer func() { err = unavailable(err) }()
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
