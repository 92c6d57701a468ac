package web

import (
	"crypto/rand"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/tiepdan/tiepdan/cases"
)

// Desk reports whether the user works at the reception desk (the desk page
// and its commands): reception officers, leaders and admins.
func (u *User) Desk() bool { return u.may(cases.OpVisit) }

// Inbox reports whether the user acts on routed petitions (the inbox page):
// heads, leaders and admins.
func (u *User) Inbox() bool { return u.may(cases.OpAccept) }

// static serves the embedded CSS and script. They change only with the
// binary, so browsers may keep them for an hour.
func (s *Server) staticHandler() gin.HandlerFunc {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err)
	}
	files := http.StripPrefix("/static", http.FileServerFS(sub))
	return func(c *gin.Context) {
		// Files only: a folder would be listed.
		name := strings.TrimPrefix(c.Param("filepath"), "/")
		if st, err := fs.Stat(sub, path.Clean(name)); name == "" || strings.HasSuffix(name, "/") || err != nil || st.IsDir() {
			s.noRoute(c)
			return
		}
		c.Header("Cache-Control", "public, max-age=3600")
		c.Header("X-Content-Type-Options", "nosniff")
		files.ServeHTTP(c.Writer, c.Request)
	}
}

// newRef returns a ref for something a page creates: prefix, the day, and
// six random letters and digits ("DON-20260309-K7Q2XM"). The form carries it
// from the moment it is shown, so that a form sent twice is one command
// applied once.
func newRef(prefix string, now time.Time) string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return prefix + "-" + now.In(cases.Zone).Format("20060102") + "-" + string(b)
}

// localMinute is t as a datetime-local input shows it, in +07:00.
func localMinute(t time.Time) string { return t.In(cases.Zone).Format("2006-01-02T15:04") }

// parseLocal reads a datetime-local value in +07:00.
func parseLocal(v string) (time.Time, error) {
	return time.ParseInLocation("2006-01-02T15:04", v, cases.Zone)
}

// fieldErrors are the Vietnamese messages of a refused form, by field; ""
// holds what concerns the whole form.
type fieldErrors map[string]string

func (fe fieldErrors) add(field, msg string) {
	if _, ok := fe[field]; !ok {
		fe[field] = msg
	}
}
