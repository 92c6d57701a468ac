package webtest

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// CSRFInput finds a form's CSRF token on a page.
var CSRFInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

var tagRE = regexp.MustCompile(`<[^>]*>`)

// Text is a page's text without tags, its spaces collapsed.
func Text(html string) string {
	return strings.Join(strings.Fields(tagRE.ReplaceAllString(html, " ")), " ")
}

// Decode decodes a JSON answer, failing the test when it is not one.
func Decode[T any](t *testing.T, body string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	return v
}

// ErrorJSON is the API's answer to a request it refuses.
type ErrorJSON struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		// MessageVI is the Vietnamese of a refusal that names a rule of
		// the law.
		MessageVI string   `json:"message_vi"`
		Field     string   `json:"field"`
		State     string   `json:"state"`
		Allowed   []string `json:"allowed"`
	} `json:"error"`
}

// SyncBuffer is a buffer a server's log and a test's reads may share.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *SyncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *SyncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
