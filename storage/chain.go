package storage

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
)

// The hash chain of the history: each event's hash covers the previous
// event's hash and every column of its own.

// eventRow is a row of the events table.
type eventRow struct {
	seq               int64
	op, key           string
	at, day           int64
	state             string
	recordedAt        int64
	recordedBy        string
	fingerprint, data string
	hash              string
}

// chain is sha256 over the previous event's hash and every column of the
// event, each on its own line, so that no column can change, and no event be
// removed or reordered, without breaking the chain.
func (e *eventRow) chain(prev string) string {
	var small [512]byte
	b := small[:0]
	line := func(s string) { b = append(append(b, s...), '\n') }
	num := func(n int64) { b = append(strconv.AppendInt(b, n, 10), '\n') }
	line(prev)
	num(e.seq)
	line(e.op)
	line(e.key)
	num(e.at)
	num(e.day)
	line(e.state)
	num(e.recordedAt)
	line(e.recordedBy)
	line(e.fingerprint)
	line(e.data)
	sum := sha256.Sum256(b)
	var out [2 * sha256.Size]byte
	hex.Encode(out[:], sum[:])
	return string(out[:])
}
