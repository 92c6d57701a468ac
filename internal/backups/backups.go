// Package backups is the rotation directory of `tiepdan serve
// --backup-dir`: the backups' names, the record each backup writes beside
// itself, the directory listed as it is at read time, and which backups the
// rotation removes. What a backup is (a consistent, verified copy) is the
// command line's and storage's.
package backups

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Record is what one backup did, written beside it as its file's name with
// ".json": the copy, its size, what it holds and whether it verified. A
// backup that failed before its copy existed leaves its record alone.
type Record struct {
	File      string    `json:"file"` // the backup's name in the directory
	Started   time.Time `json:"started"`
	Finished  time.Time `json:"finished"`
	Size      int64     `json:"size"` // bytes, as the file is when listed
	Events    int64     `json:"events"`
	Petitions int       `json:"petitions"`
	Visits    int       `json:"visits"`
	// LastEvent and Head are the last event's recording time and hash, the
	// head of the chain the copy holds.
	LastEvent time.Time `json:"last_event_at"`
	Head      string    `json:"head"`
	// Seq is the last event's number; with Head, the access log's head
	// (AccessID, AccessHead) and, when the backup was taken with the
	// signing key, its signature: the anchor of what the copy holds, in
	// the shape verify --anchors reads.
	Seq        int64      `json:"seq"`
	AccessID   int64      `json:"access_id,omitempty"`
	AccessHead string     `json:"access_head,omitempty"`
	SignedAt   *time.Time `json:"signed_at,omitempty"`
	Key        string     `json:"key,omitempty"`
	Signature  string     `json:"signature,omitempty"`
	OK         bool       `json:"ok"`                 // copied and verified
	Problems   []string   `json:"problems,omitempty"` // why not

	noRecord bool // listed from its file alone
}

const prefix, suffix = "tiepdan-", ".db"

// Name is the file name of a backup started at t, in t's zone: names sort
// as their times.
func Name(t time.Time) string {
	return prefix + t.Format("2006-01-02T150405") + suffix
}

// Write writes r's record beside its backup in dir.
func Write(dir string, r Record) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, r.File+".json"), append(b, '\n'), 0o600)
}

// List returns the backups of dir, newest first: each record with the size
// of its file as it is now; a backup with no record (interrupted) or whose
// file is gone says so.
func List(dir string) ([]Record, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	byName := map[string]*Record{}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, prefix) {
			continue
		}
		switch {
		case strings.HasSuffix(name, suffix+".json"):
			file := strings.TrimSuffix(name, ".json")
			r := &Record{File: file}
			b, err := os.ReadFile(filepath.Join(dir, name))
			if err == nil {
				err = json.Unmarshal(b, r)
			}
			if err != nil {
				r = &Record{File: file, Problems: []string{fmt.Sprintf("its record %s cannot be read: %v", name, err)}}
			}
			r.File = file
			if old := byName[file]; old != nil {
				r.Size = old.Size
			} else {
				r.Size = -1
			}
			byName[file] = r
		case strings.HasSuffix(name, suffix):
			info, err := e.Info()
			if err != nil {
				continue
			}
			if r := byName[name]; r != nil {
				r.Size = info.Size()
			} else {
				byName[name] = &Record{File: name, Size: info.Size(), Started: info.ModTime(), noRecord: true}
			}
		}
	}
	out := make([]Record, 0, len(byName))
	for _, r := range byName {
		switch {
		case r.noRecord:
			r.Problems = []string{"no record of its verification: the backup was interrupted"}
		case r.Size < 0 && r.OK:
			r.OK, r.Problems = false, []string{"its file is gone"}
		}
		if r.Size < 0 {
			r.Size = 0
		}
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b Record) int { return strings.Compare(b.File, a.File) })
	return out, nil
}

// Rotate keeps the keep newest verified backups of dir and removes every
// backup, file and record, older than the oldest of them: failed attempts
// stay until keep verified backups are newer. It returns the names
// removed.
func Rotate(dir string, keep int) ([]string, error) {
	if keep < 1 {
		return nil, errors.New("backups: keep at least one")
	}
	list, err := List(dir)
	if err != nil {
		return nil, err
	}
	good := 0
	var removed []string
	for _, r := range list {
		if good < keep {
			if r.OK {
				good++
			}
			continue
		}
		for _, name := range []string{r.File, r.File + ".json"} {
			if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return removed, err
			}
		}
		removed = append(removed, r.File)
	}
	return removed, nil
}
