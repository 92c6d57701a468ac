package report

import (
	"strconv"
	"time"
)

// Chain is the head of the case history's hash chain that a report was made
// from, and the signature that anchors it outside the database: the head at
// the last event recorded by the report's as_of (the last event when it has
// none), and, when that head was signed, the anchor's signature with what
// it signs (docs/security.md). A copy of it kept elsewhere (the report sent
// to the province, a printed page) lets `tiepdan verify --anchors` show that
// the history up to Seq has not been rewritten since.
type Chain struct {
	// Seq is the number of the event whose hash Head is.
	Seq  int64  `json:"seq"`
	Head string `json:"head"`
	// RecordedAt is when the event Seq was recorded.
	RecordedAt time.Time `json:"recorded_at"`
	// AsOf is the report's as_of, when it has one.
	AsOf *time.Time `json:"as_of,omitempty"`
	// The anchor, when the head was signed: the access log's head when it
	// was (its last row and that row's hash), when, the key's id and the
	// signature, base64.
	AccessID   int64      `json:"access_id,omitempty"`
	AccessHead string     `json:"access_head,omitempty"`
	SignedAt   *time.Time `json:"signed_at,omitempty"`
	Key        string     `json:"key,omitempty"`
	Signature  string     `json:"signature,omitempty"`
}

// Signed reports whether the head carries a signature.
func (c *Chain) Signed() bool { return c != nil && c.Signature != "" }

// Line is the chain as the workbook and the report page print it, in full,
// so that a printed copy can be checked: "Chuỗi sự kiện đến số 607: mã …;
// chữ ký … (khoá …)".
func (c *Chain) Line() string {
	s := "Chuỗi sự kiện đến số " + strconv.FormatInt(c.Seq, 10) + ": mã " + c.Head + "; "
	if !c.Signed() {
		return s + "chưa ký"
	}
	return s + "chữ ký " + c.Signature + " (khoá " + c.Key + ")"
}
