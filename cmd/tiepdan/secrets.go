package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/tiepdan/tiepdan/storage"
)

// The secrets key: the file --secrets-key names, which encrypts the
// identities of petitioners and citizens at rest (storage/secrets.go,
// docs/security.md "Secrets at rest"), and the command that writes one.

const secretsKeyUsage = "a secrets key file: identities are encrypted in the database with it, and read with it (env TIEPDAN_SECRETS_KEY; without it they are stored in clear; tiepdan secrets-key writes one)"

// secrets reads the --secrets-key file once; nil without one.
func (a *App) secrets() (*storage.Secrets, error) {
	if a.SecretsKey == "" {
		return nil, nil
	}
	if a.keys == nil {
		s, err := storage.ReadSecrets(a.SecretsKey)
		if err != nil {
			return nil, err
		}
		a.keys = s
	}
	return a.keys, nil
}

// runSecretsKey writes a new secrets key file (0600), refusing to replace
// one; with --add it appends a new key to an existing file, which encrypts
// from then on while the earlier ones still decrypt what they encrypted.
func runSecretsKey(ctx context.Context, a *App, args []string) int {
	fset := a.flags("secrets-key")
	out := fset.String("out", "", "the key file to write (required)")
	add := fset.Bool("add", false, "append a new key to the existing --out file (a rotation): it encrypts from then on, the earlier keys still decrypt")
	if err := a.parse(fset, args); err != nil {
		return parseStatus(err)
	}
	if *out == "" || fset.NArg() != 0 {
		return a.badUsage("secrets-key")
	}
	if *add {
		old, err := os.ReadFile(*out)
		if err != nil {
			fmt.Fprintf(a.Stderr, "tiepdan: --out: %v\n", err)
			return exitUsage
		}
		data, err := storage.AddSecretsKey(old)
		if err != nil {
			fmt.Fprintf(a.Stderr, "tiepdan: --out %s: %v\n", *out, err)
			return exitUsage
		}
		tmp := *out + ".new"
		if err := os.WriteFile(tmp, data, 0o600); err != nil {
			return a.fail(err)
		}
		if err := os.Rename(tmp, *out); err != nil {
			return a.fail(err)
		}
		fmt.Fprintf(a.Stdout, "added a secrets key to %s: it encrypts from now on; keep the file's earlier keys, they decrypt what they encrypted\n", *out)
		return exitOK
	}
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		fmt.Fprintf(a.Stderr, "tiepdan: %s exists: a secrets key is never overwritten (--add appends a new key to it)\n", *out)
		return exitUsage
	}
	if err != nil {
		fmt.Fprintf(a.Stderr, "tiepdan: --out: %v\n", err)
		return exitUsage
	}
	if _, err := f.Write(storage.NewSecretsKeyFile()); err != nil {
		f.Close()
		return a.fail(err)
	}
	if err := f.Close(); err != nil {
		return a.fail(err)
	}
	fmt.Fprintf(a.Stdout, "wrote the secrets key %s (0600): keep it apart from the database and its backups, and keep a copy of it — without it the identities it encrypts cannot be read\n", *out)
	return exitOK
}
