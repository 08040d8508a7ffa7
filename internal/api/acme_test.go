package api

import (
	"context"
	"crypto/tls"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/letsencrypt/challtestsrv"
	"github.com/letsencrypt/pebble/v2/ca"
	"github.com/letsencrypt/pebble/v2/db"
	"github.com/letsencrypt/pebble/v2/va"
	"github.com/letsencrypt/pebble/v2/wfe"
	"golang.org/x/crypto/acme"
	"golang.org/x/crypto/acme/autocert"
)

// TestACMECertificate: serve obtains its certificate from an ACME CA by
// the tls-alpn-01 challenge, keeps it in the store, and serves it again
// after a restart without asking the CA. The CA is Pebble, Let's
// Encrypt's test CA, run in this process on 127.0.0.1: the real one
// cannot reach a test machine.
func TestACMECertificate(t *testing.T) {
	const acmeHost = "callscope.test"
	t.Setenv("PEBBLE_VA_NOSLEEP", "1")      // validate at once
	t.Setenv("PEBBLE_WFE_NONCEREJECT", "0") // no made-up bad nonces
	// The port the CA's validation connects to: reserved here, served by
	// the server below; and the CA's own DNS, in which every name is
	// 127.0.0.1, so that the certificate's name (callscope.test) leads
	// the validation to it.
	port, dnsPort := freePort(t), freePort(t)
	quiet := log.New(io.Discard, "", 0)
	names, err := challtestsrv.New(challtestsrv.Config{Log: quiet, DNSAddrs: []string{"127.0.0.1:" + strconv.Itoa(dnsPort)}})
	if err != nil {
		t.Fatal(err)
	}
	names.SetDefaultDNSIPv6("")
	go names.Run()
	t.Cleanup(names.Shutdown)
	mem := db.NewMemoryStore()
	authority := ca.New(quiet, mem, "", "ecdsa", 0, 1, map[string]ca.Profile{"default": {Description: "default"}})
	validator := va.New(quiet, 0, port, false, "127.0.0.1:"+strconv.Itoa(dnsPort), mem)
	front := wfe.New(quiet, mem, validator, authority, []string{"pebble.letsencrypt.org"}, false, false, 1, 1)
	caSrv := httptest.NewTLSServer(front.Handler())
	t.Cleanup(caSrv.Close)

	st := newFixture(t) // the store both runs keep certificates in
	manager := func(directory string) *autocert.Manager {
		return &autocert.Manager{Prompt: autocert.AcceptTOS, Cache: ACMECache{Settings: st.st}, HostPolicy: autocert.HostWhitelist(acmeHost),
			Client: &acme.Client{DirectoryURL: directory, HTTPClient: caSrv.Client()}}
	}
	serve := func(m *autocert.Manager) (issuer string) {
		t.Helper()
		f := newFixture(t, func(c *Config) { c.TLS = TLSConfig(nil, m) })
		ctx, cancel := context.WithCancel(context.Background())
		ready := make(chan struct{})
		served := make(chan error, 1)
		go func() {
			served <- f.srv.Serve(ctx, "127.0.0.1:"+strconv.Itoa(port), func(net.Addr) { close(ready) })
		}()
		defer func() {
			cancel()
			if err := <-served; err != nil {
				t.Error(err)
			}
		}()
		select {
		case <-ready:
		case err := <-served:
			t.Fatalf("serve: %v", err)
		}
		// Pebble's roots are made afresh each run; the chain is checked
		// by name below.
		c := &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{
			TLSClientConfig: &tls.Config{InsecureSkipVerify: true, ServerName: acmeHost}}}
		resp, err := c.Get("https://127.0.0.1:" + strconv.Itoa(port) + "/healthz")
		if err != nil {
			t.Fatalf("%v\n%s", err, f.logs.String())
		}
		resp.Body.Close()
		leaf := resp.TLS.PeerCertificates[0]
		if resp.StatusCode != 200 || len(leaf.DNSNames) != 1 || leaf.DNSNames[0] != acmeHost {
			t.Fatalf("status %d, certificate for %v", resp.StatusCode, leaf.DNSNames)
		}
		return leaf.Issuer.CommonName
	}
	if issuer := serve(manager(caSrv.URL + wfe.DirectoryPath)); !strings.Contains(issuer, "Pebble") {
		t.Errorf("certificate issued by %q, want Pebble's CA", issuer)
	}
	if _, err := (ACMECache{Settings: st.st}).Get(context.Background(), acmeHost); err != nil {
		t.Errorf("the certificate is not in the store: %v", err)
	}
	// A restart: the CA is gone, the certificate is the store's.
	if issuer := serve(manager("https://127.0.0.1:1/dir")); !strings.Contains(issuer, "Pebble") {
		t.Errorf("after a restart, certificate issued by %q", issuer)
	}
}

// freePort is a TCP and UDP port of 127.0.0.1 free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	for range 20 {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := ln.Addr().(*net.TCPAddr).Port
		ln.Close()
		if pc, err := net.ListenPacket("udp", "127.0.0.1:"+strconv.Itoa(port)); err == nil {
			pc.Close()
			return port
		}
	}
	t.Fatal("no free port")
	return 0
}
