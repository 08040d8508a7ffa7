package main

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/testcert"
)

// TestServeTLS: serve with certificate files answers HTTPS itself, with
// HSTS and Secure cookies, and redirects plain HTTP to it.
func TestServeTLS(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	certFile, keyFile, cert := testcert.Write(t, t.TempDir(), 1)
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
	certFile, keyFile, _ := testcert.Write(t, t.TempDir(), 1)
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
