package main

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/workflow"
)

// What an administrator edits on the admin page besides the units — the
// holiday table and the reception plan — lives in the database (storage,
// migration 0005) and counts for every command: the server reads it through
// web.Settings, the commands through App.calendar and App.receptionPlan. The
// types of cases and workflow have the same fields: the conversions below
// fail to compile the day one changes without the other.

// existingDB opens the database for reading what it keeps when it is open
// already or its file exists, and returns nil otherwise; done closes what it
// opened.
func (a *App) existingDB() (db *storage.DB, done func(), err error) {
	if a.db != nil {
		return a.db, func() {}, nil
	}
	if _, err := os.Stat(a.DB); errors.Is(err, fs.ErrNotExist) && !storage.IsPostgres(a.DB) {
		return nil, func() {}, nil
	}
	db, err = a.open(a.context())
	if errors.Is(err, storage.ErrNoDatabase) {
		return nil, func() {}, nil
	}
	if err != nil {
		return nil, nil, err
	}
	a.db = nil // not the command's: closed when read
	return db, func() { db.Close() }, nil
}

// calendarEdits reads the database's edits of the holiday table, none
// without a database.
func (a *App) calendarEdits() ([]workflow.CalendarEdit, error) {
	db, done, err := a.existingDB()
	if err != nil || db == nil {
		return nil, err
	}
	defer done()
	rows, err := db.CalendarEdits(a.context())
	return calendarEditsOf(rows), err
}

// receptionPlan is committee key's reception plan in force: its own last
// version recorded on the admin page; else the installation's, which is the
// file named by --reception (or TIEPDAN_RECEPTION) when there is one, else
// the last plan the admin page recorded for the installation, else the
// shipped one.
func (a *App) receptionPlan(file, key string) (*workflow.Reception, error) {
	return a.receptionPlanAsOf(file, key, time.Time{})
}

// receptionPlanAsOf is receptionPlan as recorded at instant asOf (zero: now):
// a report printed again as of an instant names the days of then.
func (a *App) receptionPlanAsOf(file, key string, asOf time.Time) (*workflow.Reception, error) {
	base := workflow.DefaultReception()
	if file != "" {
		var err error
		if base, err = loadReceptionPlan(file); err != nil {
			return nil, err
		}
	}
	db, done, err := a.existingDB()
	if err != nil {
		return nil, err
	}
	if db == nil {
		return base, nil
	}
	defer done()
	rows, err := db.ReceptionEdits(a.context())
	if err != nil {
		return nil, err
	}
	edits := receptionEditsOf(rows)
	if !asOf.IsZero() {
		edits = workflow.ReceptionEditsAsOf(edits, asOf)
	}
	if file != "" {
		// The file is the installation's plan: the versions recorded for
		// the installation are not in force, a committee's own are.
		edits = workflow.CommitteeReceptionEdits(edits, key)
		if key == "" {
			edits = nil
		}
	}
	return workflow.CommitteeReception(base, edits, key)
}

// committeeKey is the key of the committee whose own unit is ref (the
// --committee of schedule, calendar and report), "" (the installation's
// first committee) without one; a ref that is no committee is refused.
func (a *App) committeeKey(ref string) (string, error) {
	if ref == "" {
		return "", nil
	}
	db, done, err := a.existingDB()
	if err != nil {
		return "", err
	}
	if db == nil {
		return "", cases.FieldErrorf("committee", "%s is not a committee of this installation: there is no database", ref)
	}
	defer done()
	return db.CommitteeKey(a.context(), ref)
}

func (a *App) context() context.Context {
	if a.ctx == nil {
		return context.Background()
	}
	return a.ctx
}

func calendarEditsOf(rows []cases.CalendarEdit) []workflow.CalendarEdit {
	out := make([]workflow.CalendarEdit, len(rows))
	for i, r := range rows {
		out[i] = workflow.CalendarEdit(r)
	}
	return out
}

func receptionEditsOf(rows []cases.ReceptionEdit) []workflow.ReceptionEdit {
	out := make([]workflow.ReceptionEdit, len(rows))
	for i, r := range rows {
		out[i] = workflow.ReceptionEdit(r)
	}
	return out
}
