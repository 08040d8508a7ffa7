package api

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/testcert"
)

// TestServeTLS: with TLS, the API answers HTTPS on a real listener with
// HSTS; a certificate renewed in its files is served without a restart;
// plain HTTP is redirected to the HTTPS port, path and query kept.
func TestServeTLS(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	certFile, keyFile, first := testcert.Write(t, dir, 1)
	files := &CertificateFiles{CertFile: certFile, KeyFile: keyFile, CheckEvery: time.Millisecond}
	if err := files.Load(); err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, func(c *Config) { c.TLS = TLSConfig(files.GetCertificate, nil) })
	ctx, cancel := context.WithCancel(context.Background())
	addrs := make(chan net.Addr, 2)
	served := make(chan error, 1)
	go func() { served <- f.srv.Serve(ctx, "127.0.0.1:0", func(a net.Addr) { addrs <- a }) }()
	httpsAddr := (<-addrs).String()
	redirected := make(chan error, 1)
	go func() {
		redirected <- ServeRedirect(ctx, "127.0.0.1:0", httpsAddr, nil, func(a net.Addr) { addrs <- a })
	}()
	httpAddr := (<-addrs).String()
	defer func() {
		cancel()
		if err := <-served; err != nil {
			t.Error(err)
		}
		if err := <-redirected; err != nil {
			t.Error(err)
		}
	}()

	get := func(trust *x509.Certificate) (*http.Response, error) {
		pool := x509.NewCertPool()
		pool.AddCert(trust)
		c := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
		return c.Get("https://" + httpsAddr + "/healthz")
	}
	resp, err := get(first)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Strict-Transport-Security") != hstsMaxAge {
		t.Errorf("HTTPS /healthz: %d, HSTS %q", resp.StatusCode, resp.Header.Get("Strict-Transport-Security"))
	}

	// A renewal: new files, a new certificate served.
	time.Sleep(10 * time.Millisecond)
	_, _, second := testcert.Write(t, dir, 2)
	later := time.Now().Add(time.Second)
	os.Chtimes(certFile, later, later)
	os.Chtimes(keyFile, later, later)
	time.Sleep(10 * time.Millisecond)
	if resp, err = get(second); err != nil {
		t.Fatalf("the renewed certificate is not served: %v", err)
	}
	resp.Body.Close()

	noFollow := &http.Client{Timeout: 5 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err = noFollow.Get("http://" + httpAddr + "/users?q=ann")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if want := "https://" + httpsAddr + "/users?q=ann"; resp.StatusCode != http.StatusPermanentRedirect || resp.Header.Get("Location") != want {
		t.Errorf("plain HTTP: %d to %q, want 308 to %q", resp.StatusCode, resp.Header.Get("Location"), want)
	}
}
