package storage

import (
	"context"
	"errors"
	"net"
	"net/url"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/tiepdan/tiepdan/cases"
)

// PostgreSQL's errors, matched by their SQLSTATE codes, never by message.

// isPostgresUnique reports whether err is PostgreSQL's unique violation.
func isPostgresUnique(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// postgresUnavailable maps a write that failed because the database cannot
// be written or reached (its disk is full, it is read-only — a replica —,
// it is shutting down, the connection is lost) to a cases.EUnavailable
// error, as unavailable does SQLite's. Any other error is returned as it is.
func postgresUnavailable(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "53100" || pe.Code == "53000":
			return &cases.Error{Code: cases.EUnavailable,
				Message:   "the database cannot be written: the database server's disk is full; nothing was written",
				MessageVI: "Ổ đĩa của máy chủ cơ sở dữ liệu đã đầy: chưa ghi được gì. Xin báo quản trị hệ thống giải phóng dung lượng rồi làm lại."}
		case pe.Code == "25006":
			return &cases.Error{Code: cases.EUnavailable,
				Message:   "the database cannot be written: the database server is read-only (a replica?); nothing was written",
				MessageVI: "Cơ sở dữ liệu trên máy chủ đang chỉ cho đọc: chưa ghi được gì. Xin báo quản trị hệ thống rồi làm lại."}
		case strings.HasPrefix(pe.Code, "57P") || strings.HasPrefix(pe.Code, "08"):
			return serverGone()
		}
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var ne net.Error
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) || errors.As(err, &ne) || pgconn.SafeToRetry(err) {
		return serverGone()
	}
	return err
}

func serverGone() error {
	return &cases.Error{Code: cases.EUnavailable,
		Message:   "the database server cannot be reached; nothing was written",
		MessageVI: "Không kết nối được máy chủ cơ sở dữ liệu: chưa ghi được gì. Xin báo quản trị hệ thống rồi làm lại."}
}

// redactURL is a postgres:// URL without its password, for messages.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
