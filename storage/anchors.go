package storage

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
)

// Anchors: heads of the history (and of the access log) signed with an
// ed25519 key that the database never holds, so that whoever has the file
// and not the key cannot rewrite what was signed and sign it again
// (docs/security.md). The server signs the head once a day after a change
// (SignDay); a report signs the head it gives (ChainAsOf).

// Reasons an anchor was signed for.
const (
	// AnchorDay is the server's signature of the head at the first minute
	// of a day (+07:00) after something was recorded since the last one.
	AnchorDay = "day"
	// AnchorReport is the signature of the head a report gives.
	AnchorReport = "report"
)

// KeyID names a public key in anchors and verify's messages: the first 8
// bytes of its SHA-256, hex.
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:8])
}

// anchorMessage is what an anchor's signature signs: a line of its own
// name, then the event's number and the chain's head there, the access
// log's last id and head, and the instant of signing in unix microseconds,
// each on its own line.
func anchorMessage(c *report.Chain) []byte {
	var signed int64
	if c.SignedAt != nil {
		signed = c.SignedAt.UnixMicro()
	}
	b := []byte("tiepdan anchor\n")
	b = append(strconv.AppendInt(b, c.Seq, 10), '\n')
	b = append(append(b, c.Head...), '\n')
	b = append(strconv.AppendInt(b, c.AccessID, 10), '\n')
	b = append(append(b, c.AccessHead...), '\n')
	b = append(strconv.AppendInt(b, signed, 10), '\n')
	return b
}

// SignChain signs c (its Seq, Head, AccessID and AccessHead) with key at
// instant at: it sets SignedAt, Key and Signature.
func SignChain(c *report.Chain, key ed25519.PrivateKey, at time.Time) {
	at = time.UnixMicro(at.UnixMicro()).In(cases.Zone)
	c.SignedAt = &at
	c.Key = KeyID(key.Public().(ed25519.PublicKey))
	c.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(key, anchorMessage(c)))
}

// CheckSignature reports whether c's signature is pub's over what c says.
func CheckSignature(c *report.Chain, pub ed25519.PublicKey) bool {
	sig, err := base64.StdEncoding.DecodeString(c.Signature)
	return err == nil && len(pub) == ed25519.PublicKeySize && ed25519.Verify(pub, anchorMessage(c), sig)
}

// SetSigningKey makes db sign anchors with key, and records its public
// key in the database (signing_keys) for verify's convenience: an insider
// with the file can replace it there, so verify also takes it from
// outside.
func (db *DB) SetSigningKey(ctx context.Context, key ed25519.PrivateKey) error {
	pub := key.Public().(ed25519.PublicKey)
	_, err := db.write.ExecContext(ctx, `INSERT INTO signing_keys (id, public_key, added_at) VALUES (?, ?, ?)
		ON CONFLICT (id) DO NOTHING`, KeyID(pub), base64.StdEncoding.EncodeToString(pub), micros(db.now()))
	if err != nil {
		return fmt.Errorf("record the public key: %w", err)
	}
	db.signer = key
	return nil
}

// Signing reports whether db signs anchors (SetSigningKey).
func (db *DB) Signing() bool { return db.signer != nil }

func (db *DB) now() time.Time {
	if db.Now != nil {
		return db.Now()
	}
	return time.Now()
}

// PublicKeys are the public keys recorded in the database, by id.
func (db *DB) PublicKeys(ctx context.Context) (map[string]ed25519.PublicKey, error) {
	out := map[string]ed25519.PublicKey{}
	err := each(ctx, db.read, `SELECT id, public_key FROM signing_keys`, func(scan func(...any) error) error {
		var id, s string
		if err := scan(&id, &s); err != nil {
			return err
		}
		if b, err := base64.StdEncoding.DecodeString(s); err == nil && len(b) == ed25519.PublicKeySize {
			out[id] = b
		}
		return nil
	})
	return out, err
}

// Anchor is an anchor as stored: the head it signs and why it was signed.
type Anchor struct {
	report.Chain
	ID     int64  `json:"id"`
	Reason string `json:"reason"`
}

const anchorColumns = `id, seq, head, access_id, access_head, signed_at, reason, key, signature`

func scanAnchor(scan func(...any) error) (Anchor, error) {
	var a Anchor
	var signed int64
	err := scan(&a.ID, &a.Seq, &a.Head, &a.AccessID, &a.AccessHead, &signed, &a.Reason, &a.Key, &a.Signature)
	at := fromMicros(signed)
	a.SignedAt = &at
	return a, err
}

// Anchors reads every anchor, in the order signed.
func (db *DB) Anchors(ctx context.Context) ([]Anchor, error) { return readAnchors(ctx, db.read) }

// ChainAsOf is the head of the history a report as of asOf is made from:
// the last event recorded at or before asOf (the last event when asOf is
// zero). It carries the signature of an anchor of that head, which db signs
// and keeps (AnchorReport) when it has a key and none was signed yet. An
// empty history has the zero Chain.
func (db *DB) ChainAsOf(ctx context.Context, asOf time.Time) (report.Chain, error) {
	c, err := headAsOf(ctx, db.read, asOf)
	if err != nil || c.Seq == 0 {
		return c, err
	}
	found := false
	err = each(ctx, db.read, `SELECT `+anchorColumns+` FROM anchors WHERE seq = ? ORDER BY id DESC`, func(scan func(...any) error) error {
		a, err := scanAnchor(scan)
		if err == nil && !found && a.Head == c.Head {
			c.AccessID, c.AccessHead, c.SignedAt, c.Key, c.Signature = a.AccessID, a.AccessHead, a.SignedAt, a.Key, a.Signature
			found = true
		}
		return err
	}, c.Seq)
	if err != nil || found || db.signer == nil {
		return c, err
	}
	return c, db.sign(ctx, &c, AnchorReport)
}

// sign signs c (its Seq and Head) with the access log's head as it is now,
// and keeps the anchor.
func (db *DB) sign(ctx context.Context, c *report.Chain, reason string) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sign the chain's head: %w", err)
	}
	defer tx.Rollback()
	if c.AccessID, c.AccessHead, err = accessHead(ctx, tx); err != nil {
		return fmt.Errorf("sign the chain's head: %w", err)
	}
	SignChain(c, db.signer, db.now())
	if _, err := tx.ExecContext(ctx, `INSERT INTO anchors (seq, head, access_id, access_head, signed_at, reason, key, signature)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, c.Seq, c.Head, c.AccessID, c.AccessHead, micros(*c.SignedAt), reason, c.Key, c.Signature); err != nil {
		return fmt.Errorf("keep the anchor: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("keep the anchor: %w", err)
	}
	return nil
}

// SignDay signs the heads of the history and of the access log, as an
// anchor of the day (AnchorDay), when db has a key, no anchor was signed
// yet on the day of now (+07:00), and something was recorded since the
// last anchor: called every minute, it signs each day's last heads at the
// first minute of the next day. It returns the anchor signed, or nil.
func (db *DB) SignDay(ctx context.Context) (*report.Chain, error) {
	if db.signer == nil {
		return nil, nil
	}
	now := db.now()
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("sign the day: %w", err)
	}
	defer tx.Rollback()
	c, err := headAsOf(ctx, tx, time.Time{})
	if err != nil || c.Seq == 0 {
		return nil, err
	}
	if c.AccessID, c.AccessHead, err = accessHead(ctx, tx); err != nil {
		return nil, fmt.Errorf("sign the day: %w", err)
	}
	var lastSeq, lastAccess, lastSigned int64
	err = tx.QueryRowContext(ctx, `SELECT seq, access_id, signed_at FROM anchors ORDER BY id DESC LIMIT 1`).Scan(&lastSeq, &lastAccess, &lastSigned)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return nil, fmt.Errorf("sign the day: %w", err)
	case cases.DateOf(fromMicros(lastSigned)) >= cases.DateOf(now),
		lastSeq == c.Seq && lastAccess == c.AccessID:
		return nil, nil
	}
	SignChain(&c, db.signer, now)
	if _, err := tx.ExecContext(ctx, `INSERT INTO anchors (seq, head, access_id, access_head, signed_at, reason, key, signature)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, c.Seq, c.Head, c.AccessID, c.AccessHead, micros(*c.SignedAt), AnchorDay, c.Key, c.Signature); err != nil {
		return nil, fmt.Errorf("keep the day's anchor: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("keep the day's anchor: %w", err)
	}
	return &c, nil
}

// HeadChain is the head of the history and of the access log as they are
// now, unsigned: what a copy of the database holds (a backup), to be
// signed by whoever has the key (SignChain) without writing to the file.
func (db *DB) HeadChain(ctx context.Context) (report.Chain, error) {
	c, err := headAsOf(ctx, db.read, time.Time{})
	if err != nil || c.Seq == 0 {
		return c, err
	}
	c.AccessID, c.AccessHead, err = accessHead(ctx, db.read)
	return c, err
}

// headAsOf reads the head of the history as of asOf: the last event
// recorded at or before it, the last event when asOf is zero; the zero
// Chain for an empty history.
func headAsOf(ctx context.Context, q rowQueryer, asOf time.Time) (report.Chain, error) {
	var c report.Chain
	query, args := `SELECT seq, hash, recorded_at FROM events ORDER BY seq DESC LIMIT 1`, []any(nil)
	if !asOf.IsZero() {
		query, args = `SELECT seq, hash, recorded_at FROM events WHERE recorded_at <= ? ORDER BY seq DESC LIMIT 1`, []any{micros(asOf)}
		t := asOf.In(cases.Zone)
		c.AsOf = &t
	}
	var rec int64
	switch err := q.QueryRowContext(ctx, query, args...).Scan(&c.Seq, &c.Head, &rec); {
	case errors.Is(err, sql.ErrNoRows):
		return report.Chain{}, nil
	case err != nil:
		return report.Chain{}, fmt.Errorf("read the chain's head: %w", err)
	}
	c.RecordedAt = fromMicros(rec)
	return c, nil
}

// rowQueryer is a pool or a transaction, for a query of one row.
type rowQueryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}
