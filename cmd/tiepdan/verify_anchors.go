package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/tiepdan/tiepdan/report"
	"github.com/tiepdan/tiepdan/storage"
)

// verify --anchors FILE: heads of the chain recorded outside the database,
// which the history must still have. A file holds JSON values, one after
// the other (NDJSON, or a report's indented JSON, or an array of them):
// a report's figures give their "chain"; any other object with "seq" and
// "head" (a backup's record, a line written by hand from a printed page)
// is a head itself, with its signature when it has one.

// readAnchors reads the heads of the file name.
func readAnchors(name string) ([]report.Chain, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	var out []report.Chain
	for i := 1; ; i++ {
		var raw json.RawMessage
		if err := dec.Decode(&raw); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, fmt.Errorf("%s: value %d: %v", name, i, err)
		}
		values := []json.RawMessage{raw}
		if bytes.HasPrefix(bytes.TrimSpace(raw), []byte("[")) {
			values = nil
			if err := json.Unmarshal(raw, &values); err != nil {
				return nil, fmt.Errorf("%s: value %d: %v", name, i, err)
			}
		}
		for _, v := range values {
			var head struct {
				report.Chain
				Within *report.Chain `json:"chain"`
			}
			if err := json.Unmarshal(v, &head); err != nil {
				return nil, fmt.Errorf("%s: value %d: %v", name, i, err)
			}
			c := head.Chain
			if head.Within != nil {
				c = *head.Within
			}
			if c.Seq < 1 || c.Head == "" {
				return nil, fmt.Errorf("%s: value %d has no head of the chain (seq and head, or a report's chain)", name, i)
			}
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s holds no head of the chain", name)
	}
	return out, nil
}

// printAnchors says what verify checked of the signed heads, and what it
// could not.
func (a *App) printAnchors(c storage.AnchorCheck) {
	switch {
	case c.Stored == 0:
		fmt.Fprintln(a.Stdout, "anchors: no head of the history is signed in the database (serve, report and backup sign with --signing-key)")
	default:
		fmt.Fprintf(a.Stdout, "anchors: %d signed heads checked, the last of event %d signed %s\n", c.Stored, c.LastSeq, c.LastAt.Format(time.RFC3339))
	}
	switch c.Keys {
	case "given":
		fmt.Fprintln(a.Stdout, "signatures: checked with the public keys given")
	case "database":
		fmt.Fprintln(a.Stdout, "signatures: checked with the public keys the database records, which an insider with the file can replace: give --public-key from a copy kept elsewhere")
	default:
		fmt.Fprintln(a.Stdout, "signatures: not checked, no public key (give --public-key)")
	}
	if c.External > 0 {
		fmt.Fprintf(a.Stdout, "heads recorded elsewhere: %d checked\n", c.External)
	} else {
		fmt.Fprintln(a.Stdout, "heads recorded elsewhere: none given (--anchors): a history rewritten after its last signed head, with the anchors removed, would not show")
	}
	fmt.Fprintf(a.Stdout, "access log: %d rows in the chain checked\n", c.AccessRows)
}
