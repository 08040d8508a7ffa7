package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// selfSigned writes a certificate for 127.0.0.1 and its key into dir.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string, cert *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		KeyUsage: x509.KeyUsageDigitalSignature, BasicConstraintsValid: true, IsCA: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600); err != nil {
		t.Fatal(err)
	}
	cert, err = x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile, cert
}

// TestServeTLS: serve with certificate files answers HTTPS itself, with
// HSTS and Secure cookies, and redirects plain HTTP to it.
func TestServeTLS(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	certFile, keyFile, cert := selfSigned(t, t.TempDir())
	s := startServe(t, c, "--tls-cert", certFile, "--tls-key", keyFile, "--http-redirect-addr", "127.0.0.1:0")
	if !strings.HasPrefix(s.base, "https://") {
		t.Fatalf("serving %s", s.base)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(s.base + "/signin")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Strict-Transport-Security") == "" {
		t.Errorf("HTTPS /signin: %d, HSTS %q", resp.StatusCode, resp.Header.Get("Strict-Transport-Security"))
	}
	for _, ck := range resp.Cookies() {
		if !ck.Secure {
			t.Errorf("cookie %s is not Secure over HTTPS", ck.Name)
		}
	}
	redirectRE := regexp.MustCompile(`redirecting plain HTTP to HTTPS" addr=(127\.0\.0\.1:\d+)`)
	var m []string
	for i := 0; m == nil && i < 100; i++ { // at most ten seconds
		if m = redirectRE.FindStringSubmatch(s.err.String()); m == nil {
			time.Sleep(100 * time.Millisecond)
		}
	}
	if m == nil {
		t.Fatalf("no redirect listener:\n%s", s.err.String())
	}
	resp, err = client.Get("http://" + m[1] + "/users?q=ann")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if want := s.base + "/users?q=ann"; resp.StatusCode != http.StatusPermanentRedirect || resp.Header.Get("Location") != want {
		t.Errorf("plain HTTP: %d to %q, want 308 to %q", resp.StatusCode, resp.Header.Get("Location"), want)
	}
}

// TestServeTLSFlags: TLS flags that do not go together are refused at
// start, saying which.
func TestServeTLSFlags(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	certFile, keyFile, _ := selfSigned(t, t.TempDir())
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--tls-cert", certFile}, "--tls-cert and --tls-key go together"},
		{[]string{"--tls-cert", certFile, "--tls-key", keyFile, "--tls-acme"}, "give one"},
		{[]string{"--http-redirect-addr", ":80"}, "--http-redirect-addr needs HTTPS"},
		{[]string{"--tls-acme"}, "--tls-acme needs the host to certify"},
		{[]string{"--tls-cert", keyFile, "--tls-key", keyFile}, "TLS certificate"},
	} {
		_, errs, code := c.run("", append([]string{"serve", "--addr", "127.0.0.1:0"}, tc.args...)...)
		if code != exitUsage || !strings.Contains(errs, tc.want) {
			t.Errorf("serve %v: exit %d, %q; want 2 and %q", tc.args, code, errs, tc.want)
		}
	}
}
