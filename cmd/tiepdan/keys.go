package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/storage"
)

// tiepdan keys: the ed25519 key that signs the chain's heads (anchors,
// storage/anchors.go). The private key is a file of its own (PKCS #8 in
// PEM, mode 0600), never in the database: --signing-key FILE or
// TIEPDAN_SIGNING_KEY names it to serve, report and backup. The public key
// is 32 bytes in base64, short enough to print on a receipt and to give
// verify from outside (--public-key).

const keysUsage = `tiepdan keys generate --out FILE [--force]   writes a new private key (0600), prints its public key
tiepdan keys public [--signing-key FILE]      prints the public key of the signing key`

func runKeys(ctx context.Context, a *App, args []string) int {
	if len(args) > 0 && isHelp(args[0]) {
		return a.help("keys", nil)
	}
	if len(args) == 0 {
		return a.badUsage("keys")
	}
	sub, args := args[0], args[1:]
	fs := a.flags("keys " + sub)
	out := fs.String("out", "", "the file of the new private key (generate)")
	force := fs.Bool("force", false, "replace --out when it exists (generate): what the old key signed can then be checked only with its public key")
	if err := a.parse(fs, args); err != nil {
		return parseStatus(err)
	}
	if fs.NArg() != 0 {
		return a.badUsage("keys")
	}
	switch sub {
	case "generate":
		if *out == "" {
			fmt.Fprintln(a.Stderr, "tiepdan: keys generate: give --out FILE, a file apart from the database")
			return exitUsage
		}
		pub, err := generateKey(*out, *force)
		if err != nil {
			return a.fail(err)
		}
		if same, _ := sameDir(*out, a.DB); same {
			fmt.Fprintf(a.Stderr, "tiepdan: warning: %s is beside the database %s: whoever copies that directory has the key too; move it to a directory of its own\n", *out, a.DB)
		}
		fmt.Fprintf(a.Stderr, "tiepdan: private key written to %s (0600); keep it apart from the database and its backups\n", *out)
		a.printPublicKey(pub)
		return exitOK
	case "public":
		if *out != "" || *force {
			return a.badUsage("keys")
		}
		key, err := a.signingKey()
		if err != nil {
			return a.fail(err)
		}
		if key == nil {
			fmt.Fprintln(a.Stderr, "tiepdan: keys public: give --signing-key FILE (or TIEPDAN_SIGNING_KEY)")
			return exitUsage
		}
		a.printPublicKey(key.Public().(ed25519.PublicKey))
		return exitOK
	}
	return a.badUsage("keys")
}

// printPublicKey prints the public key on a line of its own, for a script,
// then its id.
func (a *App) printPublicKey(pub ed25519.PublicKey) {
	fmt.Fprintln(a.Stdout, base64.StdEncoding.EncodeToString(pub))
	fmt.Fprintf(a.Stderr, "key id %s: give the line above to verify as --public-key, from a copy kept apart from the server\n", storage.KeyID(pub))
}

// generateKey writes a new private key to path, created 0600 (never over
// an existing file unless force), and returns its public key.
func generateKey(path string, force bool) (ed25519.PublicKey, error) {
	pub, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, 0o600)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return nil, cases.Errorf(cases.EInvalid, "--out %s exists: --force replaces it", path)
		}
		return nil, err
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return nil, err
	}
	if err := pem.Encode(f, &pem.Block{Type: "PRIVATE KEY", Bytes: der}); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, err
	}
	return pub, f.Close()
}

// signingKey reads the key of --signing-key (or TIEPDAN_SIGNING_KEY); nil
// when none is given. A key that others than its owner may read is
// refused, as ssh refuses one.
func (a *App) signingKey() (ed25519.PrivateKey, error) {
	if a.SigningKey == "" {
		return nil, nil
	}
	info, err := os.Stat(a.SigningKey)
	if err != nil {
		return nil, cases.Errorf(cases.EInvalid, "--signing-key: %v", err)
	}
	if info.Mode().Perm()&0o077 != 0 {
		return nil, cases.Errorf(cases.EInvalid, "--signing-key %s: others may read it (mode %04o): chmod 600 %s", a.SigningKey, info.Mode().Perm(), a.SigningKey)
	}
	b, err := os.ReadFile(a.SigningKey)
	if err != nil {
		return nil, cases.Errorf(cases.EInvalid, "--signing-key: %v", err)
	}
	block, _ := pem.Decode(b)
	if block == nil || block.Type != "PRIVATE KEY" {
		return nil, cases.Errorf(cases.EInvalid, "--signing-key %s: not a private key in PEM (tiepdan keys generate writes one)", a.SigningKey)
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, cases.Errorf(cases.EInvalid, "--signing-key %s: %v", a.SigningKey, err)
	}
	key, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, cases.Errorf(cases.EInvalid, "--signing-key %s: not an ed25519 key", a.SigningKey)
	}
	return key, nil
}

// parsePublicKey reads a public key given to verify: the base64 line keys
// prints, or a file holding it (or a PEM public key).
func parsePublicKey(s string) (ed25519.PublicKey, error) {
	text := strings.TrimSpace(s)
	if b, err := os.ReadFile(s); err == nil {
		text = strings.TrimSpace(string(b))
		if block, _ := pem.Decode(b); block != nil {
			k, err := x509.ParsePKIXPublicKey(block.Bytes)
			if err != nil {
				return nil, fmt.Errorf("--public-key %s: %v", s, err)
			}
			if pub, ok := k.(ed25519.PublicKey); ok {
				return pub, nil
			}
			return nil, fmt.Errorf("--public-key %s: not an ed25519 key", s)
		}
	}
	b, err := base64.StdEncoding.DecodeString(text)
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("--public-key %q: not an ed25519 public key (the base64 line tiepdan keys prints) nor a file holding one", s)
	}
	return b, nil
}

// sameDir reports whether the files a and b are in one directory.
func sameDir(a, b string) (bool, error) {
	da, err := filepath.Abs(filepath.Dir(a))
	if err != nil {
		return false, err
	}
	db, err := filepath.Abs(filepath.Dir(b))
	if err != nil {
		return false, err
	}
	return da == db, nil
}
