package storage

import (
	"bufio"
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"

	"github.com/tiepdan/tiepdan/cases"
)

// Secrets at rest (issue 17; docs/security.md, "Secrets at rest"): with a
// secrets key, every petitioner's and visiting citizen's identity is sealed
// with AES-GCM before it is written — in the event, which the hash chain
// covers in that form, and in the petition's and the visit's projection,
// which copy the event's sealed text — and opened by the store for whoever
// reads it. A name is looked up by a keyed digest (HMAC-SHA-256) and a
// command recognised by a keyed fingerprint, so that nobody holding only
// the file can confirm a guessed name.

// Secrets is a secrets key file: one or more keys, each with its id. The
// last one seals what is written now; the ones before it open what they
// sealed (a key is rotated by adding a line).
type Secrets struct {
	keys []*secretKey
	byID map[string]*secretKey
}

// secretKey is one key, with the keys derived from it for each use.
type secretKey struct {
	id          string
	aead        cipher.AEAD
	digest      []byte // HMAC key of names (search, duplicate check)
	fingerprint []byte // HMAC key of commands' fingerprints
	check       string // recorded in secret_keys, to recognise the key
}

// secretsHeader is the first line of a secrets key file.
const secretsHeader = "# tiepdan secrets key: keep it apart from the database and its backups"

// ErrNoSecretsKey is the error of reading a sealed identity without the key
// that sealed it.
var ErrNoSecretsKey = errors.New("the identity is encrypted and no secrets key opens it")

// NewSecretsKeyFile returns the contents of a new secrets key file: the
// header and one key of 32 random bytes under a random id.
func NewSecretsKeyFile() []byte {
	var id [4]byte
	var key [32]byte
	rand.Read(id[:])
	rand.Read(key[:])
	return fmt.Appendf(nil, "%s\n# each line: id, key (base64); the last line encrypts, the others still decrypt\nk%s %s\n",
		secretsHeader, hex.EncodeToString(id[:]), base64.StdEncoding.EncodeToString(key[:]))
}

// AddSecretsKey returns file with a new key appended: the key that seals
// from now on, the earlier ones kept to open what they sealed.
func AddSecretsKey(file []byte) ([]byte, error) {
	if _, err := ParseSecrets(file); err != nil {
		return nil, err
	}
	fresh := NewSecretsKeyFile()
	last := fresh[bytes.LastIndexByte(fresh[:len(fresh)-1], '\n')+1:]
	out := bytes.TrimRight(file, "\n")
	return append(append(out, '\n'), last...), nil
}

// ReadSecrets reads a secrets key file. On Unix it refuses a file that
// others than its owner may read.
func ReadSecrets(path string) (*Secrets, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, cases.Errorf(cases.EInvalid, "--secrets-key: %v", err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 {
		return nil, cases.Errorf(cases.EInvalid, "--secrets-key %s: others than its owner may read it (mode %v): chmod 600 %s", path, fi.Mode().Perm(), path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, cases.Errorf(cases.EInvalid, "--secrets-key: %v", err)
	}
	s, err := ParseSecrets(data)
	if err != nil {
		return nil, cases.Errorf(cases.EInvalid, "--secrets-key %s: %v", path, err)
	}
	return s, nil
}

// ParseSecrets reads the contents of a secrets key file: lines "ID KEY",
// KEY 32 bytes in standard base64; blank lines and lines starting with #
// are left out.
func ParseSecrets(data []byte) (*Secrets, error) {
	s := &Secrets{byID: map[string]*secretKey{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 2 {
			return nil, fmt.Errorf("line %d: want an id and a key, got %d fields", n, len(f))
		}
		if !validKeyID(f[0]) {
			return nil, fmt.Errorf("line %d: the id %q is not letters and digits (at most 16)", n, f[0])
		}
		if s.byID[f[0]] != nil {
			return nil, fmt.Errorf("line %d: the id %s is there twice", n, f[0])
		}
		master, err := base64.StdEncoding.DecodeString(f[1])
		if err != nil || len(master) != 32 {
			return nil, fmt.Errorf("line %d: the key is not 32 bytes in base64", n)
		}
		k, err := deriveKey(f[0], master)
		if err != nil {
			return nil, err
		}
		s.keys = append(s.keys, k)
		s.byID[k.id] = k
	}
	if len(s.keys) == 0 {
		return nil, errors.New("no key in the file (tiepdan secrets-key --out FILE writes one)")
	}
	return s, nil
}

func validKeyID(id string) bool {
	if id == "" || len(id) > 16 {
		return false
	}
	for _, r := range id {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			return false
		}
	}
	return true
}

func deriveKey(id string, master []byte) (*secretKey, error) {
	derive := func(use string) []byte {
		k, err := hkdf.Key(sha256.New, master, nil, "tiepdan "+use, 32)
		if err != nil {
			panic(err) // only for a length hkdf cannot give
		}
		return k
	}
	block, err := aes.NewCipher(derive("seal v1"))
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	k := &secretKey{id: id, aead: aead, digest: derive("name digest v1"), fingerprint: derive("fingerprint v1")}
	k.check = hex.EncodeToString(mac(derive("check v1"), []byte("tiepdan secrets key check"))[:16])
	return k, nil
}

func mac(key, msg []byte) []byte {
	h := hmac.New(sha256.New, key)
	h.Write(msg)
	return h.Sum(nil)
}

// sealing is the key that seals now: the last of the file.
func (s *Secrets) sealing() *secretKey { return s.keys[len(s.keys)-1] }

// personAAD binds a sealed person to the ref of the petition or visit it
// belongs to: moved to another one, it does not open.
func personAAD(keyID, ref string) []byte { return []byte("tiepdan person\n" + keyID + "\n" + ref) }

// seal returns p sealed for the petition or visit ref: the person whose
// only field is Sealed, "ID:BASE64" (nonce and ciphertext).
func (s *Secrets) seal(p *cases.Person, ref string) *cases.Person {
	k := s.sealing()
	plain, _ := json.Marshal(p)
	nonce := make([]byte, k.aead.NonceSize(), k.aead.NonceSize()+len(plain)+k.aead.Overhead())
	rand.Read(nonce)
	out := k.aead.Seal(nonce, nonce, plain, personAAD(k.id, ref))
	return &cases.Person{Sealed: k.id + ":" + base64.RawStdEncoding.EncodeToString(out)}
}

// open replaces a sealed person by the person sealed, in place. A person
// not sealed is left as it is; a sealed one needs the key that sealed it.
func (s *Secrets) open(p *cases.Person, ref string) error {
	if p == nil || p.Sealed == "" {
		return nil
	}
	id, text, _ := strings.Cut(p.Sealed, ":")
	var k *secretKey
	if s != nil {
		k = s.byID[id]
	}
	if k == nil {
		return fmt.Errorf("the identity of %s, encrypted with key %s: %w", ref, id, ErrNoSecretsKey)
	}
	raw, err := base64.RawStdEncoding.DecodeString(text)
	if err != nil || len(raw) < k.aead.NonceSize() {
		return fmt.Errorf("the identity of %s: not a sealed identity", ref)
	}
	n := k.aead.NonceSize()
	plain, err := k.aead.Open(nil, raw[:n], raw[n:], personAAD(id, ref))
	if err != nil {
		return fmt.Errorf("the identity of %s does not open with key %s: altered, or moved from another record", ref, id)
	}
	var out cases.Person
	if err := json.Unmarshal(plain, &out); err != nil {
		return fmt.Errorf("the identity of %s: %w", ref, err)
	}
	*p = out
	return nil
}

// nameDigest is the keyed digest of a name folded as a search folds it
// (cases.Fold), under key: what the petitioner column holds of a sealed
// petitioner, for the desk's duplicate check.
func (k *secretKey) nameDigest(name string) string {
	return k.id + ":" + hex.EncodeToString(mac(k.digest, []byte(cases.Fold(name)))[:16])
}

// petitionerKeys are what the petitioner column may hold for a name: the
// name folded (a petitioner recorded in clear) and its digest under each
// key.
func (s *Secrets) petitionerKeys(name string) []any {
	out := []any{cases.Fold(name)}
	if s != nil {
		for _, k := range s.keys {
			out = append(out, k.nameDigest(name))
		}
	}
	return out
}

// petitionerColumn is the petitioner column of a petition whose stored
// petitioner is stored and whose name, opened, is name: the digest under
// the key that sealed it, or the name folded when it is in clear.
func (s *Secrets) petitionerColumn(stored *cases.Person, name string) string {
	if stored.Sealed == "" || s == nil {
		return cases.Fold(name)
	}
	id, _, _ := strings.Cut(stored.Sealed, ":")
	if k := s.byID[id]; k != nil {
		return k.nameDigest(name)
	}
	return ""
}

// fingerprint is the fingerprint of a command's canonical JSON, number
// aside (cases.Command.Fingerprint): keyed, "ID:HEX", with a key; without
// one, cases.FingerprintOf, a plain SHA-256 anyone can compute.
func (s *Secrets) fingerprint(canonical []byte) string {
	if s == nil {
		return cases.FingerprintOf(canonical)
	}
	k := s.sealing()
	return k.id + ":" + hex.EncodeToString(mac(k.fingerprint, canonical)[:8])
}

// fingerprintOf is the fingerprint stored (a plain one, or one keyed with
// the key it names) computed again for canonical; known is false when it
// names a key the file does not hold.
func (s *Secrets) fingerprintOf(stored string, canonical []byte) (fp string, known bool) {
	id, _, keyed := strings.Cut(stored, ":")
	if !keyed {
		return cases.FingerprintOf(canonical), true
	}
	if s == nil || s.byID[id] == nil {
		return "", false
	}
	return id + ":" + hex.EncodeToString(mac(s.byID[id].fingerprint, canonical)[:8]), true
}

// sealCommand returns c with its petitioner or citizen sealed; c itself when
// it names nobody or there is no key.
func (s *Secrets) sealCommand(c *cases.Command) *cases.Command {
	if s == nil || (c.Petitioner == nil && c.Citizen == nil) {
		return c
	}
	cp := *c
	if c.Petitioner != nil {
		cp.Petitioner = s.seal(c.Petitioner, c.Ref)
	}
	if c.Citizen != nil {
		cp.Citizen = s.seal(c.Citizen, c.Ref)
	}
	return &cp
}

// openCommand opens c's petitioner and citizen in place; the pointers are
// replaced, so a stored command that shares them is left sealed.
func (s *Secrets) openCommand(c *cases.Command) error {
	for _, pp := range []**cases.Person{&c.Petitioner, &c.Citizen} {
		if *pp == nil || (*pp).Sealed == "" {
			continue
		}
		p := **pp
		if err := s.open(&p, c.Ref); err != nil {
			return err
		}
		*pp = &p
	}
	return nil
}

// sealed reports whether the command's petitioner or citizen is sealed.
func sealed(c *cases.Command) bool {
	return (c.Petitioner != nil && c.Petitioner.Sealed != "") || (c.Citizen != nil && c.Citizen.Sealed != "")
}

// openPetition returns p with its petitioner opened: p itself when it is in
// clear, else a copy.
func (s *Secrets) openPetition(p *cases.Petition) (*cases.Petition, error) {
	if p.Petitioner.Sealed == "" {
		return p, nil
	}
	cp := *p
	if err := s.open(&cp.Petitioner, p.Ref); err != nil {
		return nil, err
	}
	return &cp, nil
}

// openVisit opens v's citizen, replacing the pointer.
func (s *Secrets) openVisit(v *cases.Visit) error {
	if v.Citizen == nil || v.Citizen.Sealed == "" {
		return nil
	}
	c := *v.Citizen
	if err := s.open(&c, v.Ref); err != nil {
		return err
	}
	v.Citizen = &c
	return nil
}
