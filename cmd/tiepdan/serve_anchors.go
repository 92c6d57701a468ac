package main

import (
	"context"
	"crypto/ed25519"
	"log/slog"
	"time"

	"github.com/tiepdan/tiepdan/storage"
)

// serve --signing-key: the server signs the heads of the history and of
// the access log at the first minute of each day (+07:00) after a change
// (storage.DB.SignDay), and the head each report gives (ChainAsOf).
// Without a key it says at start that nothing is signed.

// signEvery is how often the server looks whether a day's heads are to be
// signed.
const signEvery = time.Minute

// startSigning gives db the key and signs every signEvery until ctx ends;
// without a key it warns that days are not signed.
func startSigning(ctx context.Context, db *storage.DB, key ed25519.PrivateKey, log *slog.Logger) error {
	if key == nil {
		log.Warn("days are not signed: no --signing-key (TIEPDAN_SIGNING_KEY); whoever has the database file can rewrite the history unseen by verify (docs/security.md; tiepdan keys generate makes a key)")
		return nil
	}
	if err := db.SetSigningKey(ctx, key); err != nil {
		return err
	}
	log.Info("signing the chain's heads", "key", storage.KeyID(key.Public().(ed25519.PublicKey)))
	signDay := func() {
		if c, err := db.SignDay(ctx); err != nil && ctx.Err() == nil {
			log.Error("sign the day's heads", "err", err)
		} else if c != nil {
			log.Info("signed the heads", "seq", c.Seq, "access_id", c.AccessID, "key", c.Key)
		}
	}
	signDay()
	go func() {
		t := time.NewTicker(signEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				signDay()
			}
		}
	}()
	return nil
}
