package web

import (
	"fmt"
	"strings"

	"github.com/tiepdan/tiepdan/internal/backups"
)

// The admin page's part on backups: the last ones serve --backup-dir took,
// read from the directory as it is when the page is shown (their records,
// internal/backups), and where they are.

// adminBackupsShown is how many backups the admin page lists.
const adminBackupsShown = 14

// backupView is the backups' part of the admin page.
type backupView struct {
	Dir   string // "": serve takes no backups
	Rows  []backupRow
	Error string // the directory cannot be read
}

// backupRow is one backup as the page lists it.
type backupRow struct {
	backups.Record
	SizeText string
}

// adminBackups reads the backup directory for the admin page.
func (s *Server) adminBackups() backupView {
	v := backupView{Dir: s.cfg.BackupDir}
	if v.Dir == "" {
		return v
	}
	list, err := backups.List(v.Dir)
	if err != nil {
		v.Error = err.Error()
		return v
	}
	for i, r := range list {
		if i == adminBackupsShown {
			break
		}
		v.Rows = append(v.Rows, backupRow{Record: r, SizeText: megabytes(r.Size)})
	}
	return v
}

// megabytes is a size in MB as an office writes it: "127,8 MB".
func megabytes(n int64) string {
	return strings.Replace(fmt.Sprintf("%.1f MB", float64(n)/1e6), ".", ",", 1)
}
