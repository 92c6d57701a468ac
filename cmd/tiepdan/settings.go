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

// receptionPlan is the reception plan in force: the file named by
// --reception (or TIEPDAN_RECEPTION) when there is one, which wins; else the
// last plan the admin page recorded in the database; else the shipped one.
func (a *App) receptionPlan(file string) (*workflow.Reception, error) {
	return a.receptionPlanAsOf(file, time.Time{})
}

// receptionPlanAsOf is receptionPlan as recorded at instant asOf (zero: now):
// a report printed again as of an instant names the days of then.
func (a *App) receptionPlanAsOf(file string, asOf time.Time) (*workflow.Reception, error) {
	if file != "" {
		return loadReceptionPlan(file)
	}
	db, done, err := a.existingDB()
	if err != nil {
		return nil, err
	}
	if db == nil {
		return workflow.DefaultReception(), nil
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
	return workflow.ReceptionOf(workflow.DefaultReception(), edits)
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
