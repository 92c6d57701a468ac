package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// The units, in the order the pages show them and with their records.

// Units returns every unit, the own committee first, then by kind and name;
// within a kind the units in force come before those another unit replaces,
// so that the committee's current name comes first (the report's text names
// the committee after the first own unit).
func (db *DB) Units(ctx context.Context) ([]cases.Unit, error) {
	var out []cases.Unit
	// CROSS JOIN keeps SQLite to this order: each unit's event by the
	// index on key, never a scan of the events.
	err := each(ctx, db.read, `WITH replaced (ref) AS (
			SELECT r.value FROM units n CROSS JOIN events e ON e.key = n.ref AND e.op = 'unit'
				CROSS JOIN json_each(e.data, '$.replaces') r)
		SELECT ref, name, kind, parent, remote, lower_label FROM units
		ORDER BY CASE kind WHEN 'own' THEN 0 WHEN 'department' THEN 1 ELSE 2 END,
			ref IN (SELECT ref FROM replaced), name`,
		func(scan func(...any) error) error {
			var u cases.Unit
			if err := scan(&u.Ref, &u.Name, &u.Kind, &u.Parent, &u.Remote, &u.LowerLabel); err != nil {
				return err
			}
			out = append(out, u)
			return nil
		})
	return out, err
}

// UnitRecords returns every unit with its record, in the order recorded.
// CROSS JOIN keeps SQLite to reading each unit's event by the index on key:
// ordered by seq, it would rather scan every event.
func (db *DB) UnitRecords(ctx context.Context) ([]cases.UnitRecord, error) {
	var out []cases.UnitRecord
	err := each(ctx, db.read, `SELECT u.ref, u.name, u.kind, u.parent, u.remote, u.lower_label,
		e.seq, e.recorded_at, e.recorded_by, e.data
		FROM units u CROSS JOIN events e ON e.key = u.ref AND e.op = 'unit' ORDER BY e.seq`,
		func(scan func(...any) error) error {
			var r cases.UnitRecord
			var at int64
			var data string
			if err := scan(&r.Ref, &r.Name, &r.Kind, &r.Parent, &r.Remote, &r.LowerLabel,
				&r.Seq, &at, &r.RecordedBy, &data); err != nil {
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
