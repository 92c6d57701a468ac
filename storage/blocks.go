package storage

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/tiepdan/tiepdan/cases"
)

// Counting the petitions, cases and visits of a period with SQL aggregates
// costs SQLite's interpreter about a microsecond a row: 0.9 s of CPU for six
// months of a 1,000,000-petition history (docs/performance.md). So each
// day's rows of the facts a report counts are also kept in one row of
// report_blocks (migration 0017), encoded here, and a report decodes them
// in Go at a few nanoseconds a value.
//
// A block is derived from its rows, which the events make. Every change to
// a row marks its day stale (report_stale, Tx.markStale, in the transaction
// that makes it); RefreshReportBlocks encodes the stale days again. A
// report reads the blocks of the days that are not stale and the rows of
// those that are, so that what it counts is always the rows as they are.

// factKind is a table of facts kept in blocks, a day to a block.
type factKind struct {
	id    int64
	table string
	from  string // the table, and the index that reads it in day order
	day   string // the day column
	cols  []factCol
	rows  string // the query of the rows of days ?1..?2, day first, in day order
}

// factCol is a column of a factKind's rows.
type factCol struct {
	name string
	kind colKind
}

// colKind is how a column is held in a factRow and encoded.
type colKind uint8

const (
	colInt     colKind = iota // an integer
	colDay                    // a day, encoded relative to the block's
	colNullDay                // a day, or noDay for NULL
	colText                   // a text, held as its index in the row's texts
)

// noDay is a day column's NULL in a factRow.
const noDay = math.MinInt64

func newFactKind(id int64, table, index, day string, cols ...factCol) *factKind {
	k := &factKind{id: id, table: table, from: table, day: day, cols: cols}
	if index != "" {
		k.from += " INDEXED BY " + index
	}
	names := []string{day}
	for _, c := range cols {
		names = append(names, c.name)
	}
	k.rows = `SELECT ` + strings.Join(names, ", ") + ` FROM ` + k.from + ` WHERE ` + day + ` BETWEEN ?1 AND ?2 ORDER BY ` + day
	return k
}

// The facts kept in blocks; the constants are the index of each column in
// factRow.v.
var (
	receivedFacts = newFactKind(1, "report_timelines", "report_timelines_facts", "received_day",
		factCol{"type", colText}, factCol{"instance", colInt}, factCol{"reception", colInt},
		factCol{"dest", colText}, factCol{"handled_day", colNullDay}, factCol{"alone", colInt},
		factCol{"type_day", colDay})
	caseFacts = newFactKind(2, "report_cases", "", "accept_day",
		factCol{"type", colText}, factCol{"instance", colInt}, factCol{"complex", colInt},
		factCol{"route_to", colText}, factCol{"unit", colText}, factCol{"plain", colInt},
		factCol{"resolve_day", colNullDay}, factCol{"verdict", colText}, factCol{"terminate_day", colNullDay},
		factCol{"implement_day", colNullDay}, factCol{"extra_days", colInt},
		factCol{"suspended_since", colNullDay}, factCol{"knot_day", colNullDay})
	visitFacts = newFactKind(3, "report_visits", "", "day",
		factCol{"kind", colText}, factCol{"people", colInt}, factCol{"chained", colInt},
		factCol{"first", colInt}, factCol{"prev_first", colInt}, factCol{"prev_day", colNullDay},
		factCol{"prev_kind_day", colNullDay}, factCol{"prev_group_day", colNullDay})

	factKinds = []*factKind{receivedFacts, caseFacts, visitFacts}
)

const (
	rType = iota
	rInstance
	rReception
	rDest
	rHandled
	rAlone
	rTypeDay
)

const (
	cType = iota
	cInstance
	cComplex
	cRouteTo
	cUnit
	cPlain
	cResolve
	cVerdict
	cTerminate
	cImplement
	cExtra
	cSuspendedSince
	cKnot
)

const (
	vKind = iota
	vPeople
	vChained
	vFirst
	vPrevFirst
	vPrevDay
	vPrevKindDay
	vPrevGroupDay
)

// factRow is one row of a factKind, valid during the call it is passed to.
type factRow struct {
	day   int64
	v     []int64  // by column; a text is its index in texts
	texts []string // the texts of the block (or rows) it comes from
}

// text is the text of column i.
func (r *factRow) text(i int) string { return r.texts[r.v[i]] }

// blockVersion is the first byte of a block: its encoding.
const blockVersion = 1

// encodeBlock encodes the rows of one day: the version, the texts (count,
// then each as its length and bytes), the number of rows, and each row's
// values as zigzag varints, a day as its difference from the block's day
// and a NULL day as 0 (one more than the difference otherwise).
func (k *factKind) encodeBlock(rows []int64, texts []string) []byte {
	n := len(rows) / (len(k.cols) + 1)
	b := []byte{blockVersion}
	b = binary.AppendUvarint(b, uint64(len(texts)))
	for _, t := range texts {
		b = binary.AppendUvarint(b, uint64(len(t)))
		b = append(b, t...)
	}
	b = binary.AppendUvarint(b, uint64(n))
	w := len(k.cols) + 1
	for i := range n {
		row := rows[i*w : (i+1)*w]
		day := row[0]
		for c, col := range k.cols {
			b = binary.AppendVarint(b, encodeValue(col.kind, row[c+1], day))
		}
	}
	return b
}

func encodeValue(kind colKind, v, day int64) int64 {
	switch kind {
	case colDay:
		return v - day
	case colNullDay:
		if v == noDay {
			return 0
		}
		if d := v - day; d >= 0 {
			return d + 1
		} else {
			return d
		}
	}
	return v
}

// errBlock is a block that does not decode: written by other code, or
// damaged.
var errBlock = errors.New("a block of report facts does not decode")

// decodeBlock calls fn with each row of a block of day.
func (k *factKind) decodeBlock(day int64, b []byte, fn func(*factRow) error) error {
	if len(b) == 0 || b[0] != blockVersion {
		return fmt.Errorf("%w: kind %d, day %d: version", errBlock, k.id, day)
	}
	b = b[1:]
	uvarint := func() (uint64, bool) {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			return 0, false
		}
		b = b[n:]
		return v, true
	}
	nt, ok := uvarint()
	if !ok || nt > uint64(len(b)) {
		return fmt.Errorf("%w: kind %d, day %d: texts", errBlock, k.id, day)
	}
	r := factRow{day: day, v: make([]int64, len(k.cols)), texts: make([]string, nt)}
	for i := range r.texts {
		l, ok := uvarint()
		if !ok || l > uint64(len(b)) {
			return fmt.Errorf("%w: kind %d, day %d: texts", errBlock, k.id, day)
		}
		r.texts[i], b = string(b[:l]), b[l:]
	}
	nr, ok := uvarint()
	if !ok {
		return fmt.Errorf("%w: kind %d, day %d: rows", errBlock, k.id, day)
	}
	for range nr {
		for c, col := range k.cols {
			v, n := binary.Varint(b)
			if n <= 0 {
				return fmt.Errorf("%w: kind %d, day %d: a row is cut short", errBlock, k.id, day)
			}
			b = b[n:]
			switch col.kind {
			case colDay:
				v += day
			case colNullDay:
				switch {
				case v == 0:
					v = noDay
				case v > 0:
					v += day - 1
				default:
					v += day
				}
			case colText:
				if v < 0 || v >= int64(len(r.texts)) {
					return fmt.Errorf("%w: kind %d, day %d: a text out of range", errBlock, k.id, day)
				}
			}
			r.v[c] = v
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	if len(b) != 0 {
		return fmt.Errorf("%w: kind %d, day %d: bytes after the rows", errBlock, k.id, day)
	}
	return nil
}

// readRows calls fn with each row of k of the days from..to, from the table.
func (k *factKind) readRows(ctx context.Context, q queryer, from, to int64, fn func(*factRow) error) error {
	rows, err := q.QueryContext(ctx, k.rows, from, to)
	if err != nil {
		return fmt.Errorf("read %s: %w", k.table, err)
	}
	defer rows.Close()
	ints := make([]sql.NullInt64, len(k.cols)+1)
	texts := make([]string, len(k.cols))
	dest := make([]any, len(k.cols)+1)
	dest[0] = &ints[0]
	for c, col := range k.cols {
		if col.kind == colText {
			dest[c+1] = &texts[c]
		} else {
			dest[c+1] = &ints[c+1]
		}
	}
	r := factRow{v: make([]int64, len(k.cols))}
	index := map[string]int64{}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("read %s: %w", k.table, err)
		}
		r.day = ints[0].Int64
		for c, col := range k.cols {
			switch {
			case col.kind == colText:
				i, ok := index[texts[c]]
				if !ok {
					i = int64(len(r.texts))
					index[texts[c]] = i
					r.texts = append(r.texts, texts[c])
				}
				r.v[c] = i
			case !ints[c+1].Valid && col.kind == colNullDay:
				r.v[c] = noDay
			default:
				r.v[c] = ints[c+1].Int64
			}
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read %s: %w", k.table, err)
	}
	return nil
}

// encodeDay reads the rows of k of one day and encodes them: nil when
// there are none.
func (k *factKind) encodeDay(ctx context.Context, q queryer, day int64) ([]byte, error) {
	var vals []int64
	var texts []string
	err := k.readRows(ctx, q, day, day, func(r *factRow) error {
		vals = append(vals, r.day)
		vals = append(vals, r.v...)
		texts = r.texts
		return nil
	})
	if err != nil || len(vals) == 0 {
		return nil, err
	}
	return k.encodeBlock(vals, texts), nil
}

// RefreshReportBlocks encodes again the blocks of the stale days (those
// whose rows changed since their block was written) and returns how many
// it wrote or removed. Reports are right without it, reading the rows of
// stale days; with it they read fewer rows. The import runs it at its end,
// the server every minute.
func (db *DB) RefreshReportBlocks(ctx context.Context) (int, error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("refresh report blocks: %w", err)
	}
	defer tx.Rollback()
	n, err := refreshBlocks(ctx, tx)
	if err != nil {
		return 0, err
	}
	if n == 0 {
		return 0, nil
	}
	// Every writer forgets the days it marked (markedDays).
	if _, err := tx.ExecContext(ctx, `UPDATE report_refresh SET gen = gen + 1`); err != nil {
		return 0, fmt.Errorf("refresh report blocks: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("refresh report blocks: %w", err)
	}
	return n, nil
}

// refreshBlocks writes the blocks of the stale days in tx and clears them.
func refreshBlocks(ctx context.Context, tx *sql.Tx) (int, error) {
	var stale []staleDay
	err := each(ctx, tx, `SELECT kind, day FROM report_stale ORDER BY kind, day`, func(scan func(...any) error) error {
		var s staleDay
		err := scan(&s.kind, &s.day)
		stale = append(stale, s)
		return err
	})
	if err != nil || len(stale) == 0 {
		return 0, err
	}
	put, err := tx.PrepareContext(ctx, `INSERT OR REPLACE INTO report_blocks (kind, day, facts) VALUES (?, ?, ?)`)
	if err != nil {
		return 0, fmt.Errorf("refresh report blocks: %w", err)
	}
	defer put.Close()
	drop, err := tx.PrepareContext(ctx, `DELETE FROM report_blocks WHERE kind = ? AND day = ?`)
	if err != nil {
		return 0, fmt.Errorf("refresh report blocks: %w", err)
	}
	defer drop.Close()
	for _, s := range stale {
		i := slices.IndexFunc(factKinds, func(k *factKind) bool { return k.id == s.kind })
		if i < 0 {
			return 0, fmt.Errorf("refresh report blocks: unknown kind %d", s.kind)
		}
		b, err := factKinds[i].encodeDay(ctx, tx, s.day)
		if err == nil && b == nil {
			_, err = drop.ExecContext(ctx, s.kind, s.day)
		} else if err == nil {
			_, err = put.ExecContext(ctx, s.kind, s.day, b)
		}
		if err != nil {
			return 0, fmt.Errorf("refresh report blocks: %w", err)
		}
	}
	// The transaction holds the write lock: no day was marked since.
	if _, err := tx.ExecContext(ctx, `DELETE FROM report_stale`); err != nil {
		return 0, fmt.Errorf("refresh report blocks: %w", err)
	}
	return len(stale), nil
}

// MarkReportBlocksStale marks every day of every fact kept in blocks stale:
// the next RefreshReportBlocks encodes them all again (after a change of the
// encoding, say); until then reports read the rows.
func (db *DB) MarkReportBlocksStale(ctx context.Context) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("mark report blocks stale: %w", err)
	}
	defer tx.Rollback()
	if err := markAllStale(ctx, tx); err != nil {
		return err
	}
	return tx.Commit()
}

// markAllStale marks every day that has facts, or a block, stale.
func markAllStale(ctx context.Context, tx *sql.Tx) error {
	for _, k := range factKinds {
		_, err := tx.ExecContext(ctx, `INSERT INTO report_stale (kind, day) SELECT DISTINCT ?1, `+k.day+` FROM `+k.from+`
			UNION SELECT kind, day FROM report_blocks WHERE kind = ?1
			ON CONFLICT DO NOTHING`, k.id)
		if err != nil {
			return fmt.Errorf("mark report blocks stale: %w", err)
		}
	}
	return nil
}

// compareBlocks checks every block that is not stale against the rows it
// encodes (which Verify compares with the history), and that every day with
// rows has a block or is stale.
func compareBlocks(ctx context.Context, tx queryer, rep *Report) error {
	for _, k := range factKinds {
		days := map[int64]bool{}
		err := each(ctx, tx, `SELECT DISTINCT `+k.day+` FROM `+k.from, func(scan func(...any) error) error {
			var d int64
			err := scan(&d)
			days[d] = true
			return err
		})
		if err != nil {
			return err
		}
		blocks := map[int64][]byte{}
		err = each(ctx, tx, `SELECT day, facts FROM report_blocks WHERE kind = ?`, func(scan func(...any) error) error {
			var d int64
			var b []byte
			err := scan(&d, &b)
			blocks[d], days[d] = b, true
			return err
		}, k.id)
		if err != nil {
			return err
		}
		err = each(ctx, tx, `SELECT day FROM report_stale WHERE kind = ?`, func(scan func(...any) error) error {
			var d int64
			err := scan(&d)
			delete(days, d)
			return err
		}, k.id)
		if err != nil {
			return err
		}
		for _, d := range slices.Sorted(maps.Keys(days)) {
			want, err := k.encodeDay(ctx, tx, d)
			if err != nil {
				return err
			}
			if got, ok := blocks[d]; !ok {
				rep.problem("report facts of %s, %s: neither a block nor marked stale", k.table, cases.Date(d))
			} else if !bytes.Equal(got, want) {
				rep.problem("report facts of %s, %s: the block differs from the rows", k.table, cases.Date(d))
			}
		}
	}
	return nil
}

// backfillBlocks encodes every block again.
func backfillBlocks(ctx context.Context, tx *sql.Tx) error {
	if err := markAllStale(ctx, tx); err != nil {
		return err
	}
	_, err := refreshBlocks(ctx, tx)
	return err
}

// The stale days of a kind (?1) from ?2 to ?3, in order, and the blocks of
// those days.
const (
	staleDaysQuery = `SELECT day FROM report_stale WHERE kind = ?1 AND day BETWEEN ?2 AND ?3 ORDER BY day`
	blocksQuery    = `SELECT day, facts FROM report_blocks WHERE kind = ?1 AND day BETWEEN ?2 AND ?3`
)

// eachFact calls fn with every row of k of the days from..to: decoded from
// the blocks of the days that are not stale, read from the table for those
// that are.
func (rs *reportStore) eachFact(ctx context.Context, k *factKind, from, to int64, fn func(*factRow) error) error {
	var stale []int64
	err := rs.each(ctx, staleDaysQuery, func(scan func(...any) error) error {
		var d int64
		err := scan(&d)
		stale = append(stale, d)
		return err
	}, k.id, from, to)
	if err != nil {
		return err
	}
	isStale := func(d int64) bool {
		_, found := slices.BinarySearch(stale, d)
		return found
	}
	err = rs.each(ctx, blocksQuery, func(scan func(...any) error) error {
		var d int64
		var b sql.RawBytes
		if err := scan(&d, &b); err != nil {
			return err
		}
		if isStale(d) {
			return nil
		}
		return k.decodeBlock(d, b, fn)
	}, k.id, from, to)
	if err != nil {
		return err
	}
	return eachRun(stale, func(first, last int64) error { return k.readRows(ctx, rs, first, last, fn) })
}

// eachRun calls fn with the first and last day of each run of consecutive
// days, in order.
func eachRun(days []int64, fn func(first, last int64) error) error {
	for i := 0; i < len(days); {
		j := i + 1
		for j < len(days) && days[j] == days[j-1]+1 {
			j++
		}
		if err := fn(days[i], days[j-1]); err != nil {
			return err
		}
		i = j
	}
	return nil
}
