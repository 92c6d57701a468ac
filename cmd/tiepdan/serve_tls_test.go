package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/internal/webtest"
)

// selfSigned writes a self-signed certificate for 127.0.0.1 and its key as
// PEM files, as an office's own certificate would be, and returns their
// paths and the certificate.
func selfSigned(t *testing.T) (certFile, keyFile string, cert *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "tiepdan"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	if cert, err = x509.ParseCertificate(der); err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600)
	return certFile, keyFile, cert
}

// serveFor starts `tiepdan serve` with args until the test ends and returns
// the address it listens on and its log.
func serveFor(t *testing.T, args ...string) (string, *webtest.SyncBuffer) {
	t.Helper()
	db := filepath.Join(t.TempDir(), "t.db")
	ctx, cancel := context.WithCancel(context.Background())
	stderr := &webtest.SyncBuffer{}
	exit := make(chan int, 1)
	go func() {
		exit <- mainWithClock(ctx, append([]string{"--db", db, "serve", "--addr", "127.0.0.1:0"}, args...),
			strings.NewReader(""), io.Discard, stderr, func() time.Time { return fixedNow })
	}()
	t.Cleanup(func() { cancel(); <-exit })
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		for _, line := range strings.Split(stderr.String(), "\n") {
			var l struct{ Msg, Addr string }
			if json.Unmarshal([]byte(line), &l) == nil && l.Msg == "serving" {
				return l.Addr, stderr
			}
		}
	}
	t.Fatalf("serve did not start: %s", stderr)
	return "", nil
}

// `serve --tls-cert FILE --tls-key FILE` answers HTTPS with that
// certificate, with Secure cookies and no notice of an unencrypted
// connection.
func TestServeTLS(t *testing.T) {
	certFile, keyFile, cert := selfSigned(t)
	addr, log := serveFor(t, "--tls-cert", certFile, "--tls-key", keyFile)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := client.Get("https://" + addr + "/login")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.TLS == nil || !resp.TLS.PeerCertificates[0].Equal(cert) {
		t.Fatalf("GET https://%s/login: %d", addr, resp.StatusCode)
	}
	if strings.Contains(string(body), "không được mã hóa") {
		t.Errorf("the login page over HTTPS says the connection is not encrypted")
	}
	if c := resp.Cookies(); len(c) != 1 || c[0].Name != "__Host-tiepdan-login" || !c[0].Secure {
		t.Errorf("the login cookie over HTTPS: %v", resp.Header.Values("Set-Cookie"))
	}
	if strings.Contains(log.String(), "not encrypted") || !strings.Contains(log.String(), `"scheme":"https"`) {
		t.Errorf("the log of serve over HTTPS: %s", log)
	}
	// Plain HTTP on the same port is no page.
	if resp, err := http.Get("http://" + addr + "/login"); err == nil {
		if resp.StatusCode == http.StatusOK {
			t.Errorf("plain HTTP on the HTTPS port answered 200")
		}
		resp.Body.Close()
	}
}

// Over plain HTTP the server says at start that the connection is not
// encrypted.
func TestServePlainHTTPWarns(t *testing.T) {
	_, log := serveFor(t)
	var warned bool
	for _, line := range strings.Split(log.String(), "\n") {
		var l struct{ Level, Msg string }
		if json.Unmarshal([]byte(line), &l) == nil && l.Level == "WARN" && strings.HasPrefix(l.Msg, "not encrypted") {
			warned = true
		}
	}
	if !warned {
		t.Errorf("serve over plain HTTP does not warn: %s", log)
	}
}

// A certificate without its key, or files that are not a pair, are the
// operator's to correct: usage status, before listening.
func TestServeTLSBadFiles(t *testing.T) {
	certFile, _, _ := selfSigned(t)
	_, otherKey, _ := selfSigned(t)
	for _, args := range [][]string{
		{"--tls-cert", certFile},
		{"--tls-cert", certFile, "--tls-key", otherKey},
		{"--tls-cert", certFile, "--tls-key", filepath.Join(t.TempDir(), "missing.pem")},
	} {
		db := filepath.Join(t.TempDir(), "t.db")
		code, _, stderr := run(t, "", append([]string{"--db", db, "serve", "--addr", "127.0.0.1:0"}, args...)...)
		if code != exitUsage || !strings.Contains(stderr, "--tls-") {
			t.Errorf("serve %v: exit %d, %s", args, code, stderr)
		}
	}
}
