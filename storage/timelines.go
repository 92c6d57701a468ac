package storage

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
)

// timelineRef is the petition whose timeline a command belongs to.
func timelineRef(c *cases.Command) string {
	if c.Op == cases.OpPetition {
		return c.Ref
	}
	return c.Petition
}

// backfillTimelines gives every petition of a history recorded before
// migration 0006 its timeline, from the events, in the migration's
// transaction.
func backfillTimelines(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT seq, op, at, day, state, recorded_at, data FROM events
		WHERE op NOT IN ('unit', 'session', 'dialogue') ORDER BY seq`)
	if err != nil {
		return fmt.Errorf("read events: %w", err)
	}
	defer rows.Close()
	timelines := map[string]report.Timeline{}
	days := map[string]int64{}
	for rows.Next() {
		var seq, at, day, recordedAt int64
		var op, state, data string
		if err := rows.Scan(&seq, &op, &at, &day, &state, &recordedAt, &data); err != nil {
			return fmt.Errorf("read events: %w", err)
		}
		c, err := cases.DecodeCommand([]byte(data))
		if err != nil {
			return fmt.Errorf("event %d: %w", seq, err)
		}
		ref := timelineRef(&c)
		if c.Op == cases.OpPetition {
			days[ref] = day
		}
		timelines[ref] = report.AppendTimeline(timelines[ref], &c, cases.State(state), at, recordedAt, seq)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read events: %w", err)
	}
	st, err := tx.PrepareContext(ctx, `INSERT INTO report_timelines (received_day, petition, timeline) VALUES (?, ?, ?)`)
	if err != nil {
		return err
	}
	defer st.Close()
	for ref, t := range timelines {
		if _, err := st.ExecContext(ctx, days[ref], ref, []byte(t)); err != nil {
			return fmt.Errorf("write the timeline of petition %s: %w", ref, err)
		}
	}
	return nil
}
