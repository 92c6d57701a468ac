package storage

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// The units, in the order the pages show them and with their records.

// Units returns every unit, the own committee first, then by kind and name;
// within a kind the units in force come before those another unit replaces,
// so that the committee's current name comes first (the report's text names
// the committee after the first own unit). Units of the same kind, standing
// and name come in the order recorded. The order is made here, not in SQL:
// which units are replaced is in their commands, and there are few units.
func (db *DB) Units(ctx context.Context) ([]cases.Unit, error) {
	recs, err := db.UnitRecords(ctx)
	if err != nil {
		return nil, err
	}
	replaced := map[string]bool{}
	for _, r := range recs {
		for _, ref := range r.Replaces {
			replaced[ref] = true
		}
	}
	out := make([]cases.Unit, len(recs))
	for i, r := range recs {
		out[i] = r.Unit
	}
	rank := func(k cases.UnitKind) int {
		switch k {
		case cases.Own:
			return 0
		case cases.Department:
			return 1
		}
		return 2
	}
	slices.SortStableFunc(out, func(a, b cases.Unit) int {
		return cmp.Or(cmp.Compare(rank(a.Kind), rank(b.Kind)),
			compareBool(replaced[a.Ref], replaced[b.Ref]), strings.Compare(a.Name, b.Name))
	})
	return out, nil
}

// compareBool orders false before true.
func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// unitRecordsSQL reads every unit with its event. CROSS JOIN keeps SQLite
// to reading each unit's event by the index on key: without statistics (no
// ANALYZE), it would rather scan every event in the order of seq
// (TestQueriesUseIndexes). The condition is in WHERE, as PostgreSQL wants
// of a CROSS JOIN.
const unitRecordsSQL = `SELECT u.ref, u.name, u.kind, u.parent, u.remote, u.lower_label,
		u.level, u.valid_from, u.valid_until, u.committee, e.seq, e.recorded_at, e.recorded_by, e.data
	FROM units u CROSS JOIN events e WHERE e.key = u.ref AND e.op = 'unit' ORDER BY e.seq`

// UnitRecords returns every unit with its record, in the order recorded.
func (db *DB) UnitRecords(ctx context.Context) ([]cases.UnitRecord, error) {
	var out []cases.UnitRecord
	err := each(ctx, db.read, unitRecordsSQL,
		func(scan func(...any) error) error {
			var r cases.UnitRecord
			var at int64
			var data string
			dest, done := unitScan(&r.Unit)
			err := scan(append(dest, &r.Seq, &at, &r.RecordedBy, &data)...)
			done()
			if err != nil {
				return err
			}
			var c struct {
				Replaces []string `json:"replaces"`
			}
			if err := json.Unmarshal([]byte(data), &c); err != nil {
				return fmt.Errorf("unit %s: %w", r.Ref, err)
			}
			r.Replaces, r.RecordedAt = c.Replaces, time.UnixMicro(at).In(cases.Zone)
			out = append(out, r)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("read units: %w", err)
	}
	return out, nil
}
