package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

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
