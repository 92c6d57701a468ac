package storage

import (
	"errors"

	"github.com/tiepdan/tiepdan/cases"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// SQLite's errors, matched by their extended codes, never by message.

// isUnique reports whether err is a unique-constraint violation, SQLite's
// or PostgreSQL's (postgres_errors.go), matched by code, never by message.
func isUnique(err error) bool {
	return errors.Is(err, errDuplicate) || isSQLiteUnique(err) || isPostgresUnique(err)
}

func isSQLiteUnique(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && (se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE ||
		se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY)
}

// isBusy reports whether err is SQLite's refusal of a lock another
// connection holds.
func isBusy(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && (se.Code()&0xff == sqlite3.SQLITE_BUSY || se.Code()&0xff == sqlite3.SQLITE_LOCKED)
}

// isNotDatabase reports whether err is SQLite's finding that a file is not
// a database, or a damaged one.
func isNotDatabase(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && (se.Code()&0xff == sqlite3.SQLITE_NOTADB || se.Code()&0xff == sqlite3.SQLITE_CORRUPT)
}

// unavailable maps a write that failed because the database cannot be
// written (the disk is full, the file or its folder is read-only, the disk
// fails) to a cases.EUnavailable error that says so in English and
// Vietnamese: the office can do nothing about it but call whoever keeps the
// server, and must know that nothing was written. Any other error is
// returned as it is.
func unavailable(err error) error {
	var se *sqlite.Error
	if err == nil {
		return nil
	}
	if !errors.As(err, &se) {
		return postgresUnavailable(err)
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_FULL:
		return &cases.Error{Code: cases.EUnavailable,
			Message:   "the database cannot be written: the server's disk is full; nothing was written",
			MessageVI: "Ổ đĩa của máy chủ đã đầy: chưa ghi được gì. Xin báo quản trị hệ thống giải phóng dung lượng rồi làm lại."}
	case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN:
		return &cases.Error{Code: cases.EUnavailable,
			Message:   "the database cannot be written: it is read-only on the server; nothing was written",
			MessageVI: "Cơ sở dữ liệu trên máy chủ đang chỉ cho đọc: chưa ghi được gì. Xin báo quản trị hệ thống rồi làm lại."}
	case sqlite3.SQLITE_IOERR:
		return &cases.Error{Code: cases.EUnavailable,
			Message:   "the database cannot be written: the server's disk failed (I/O error); nothing was written",
			MessageVI: "Lỗi đọc, ghi ổ đĩa của máy chủ: chưa ghi được gì. Xin báo quản trị hệ thống rồi làm lại."}
	}
	return err
}
