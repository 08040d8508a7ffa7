package msgraph

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

const okRecord = `{"id":"` + recordID + `","version":1}`

// serveOK scripts a record that needs no pages.
func serveOK(s *standIn) {
	s.on(recordURI, ok(okRecord))
	s.on(participantsURI, ok(okRecord))
}

func TestSignInWithSecret(t *testing.T) {
	t.Parallel()
	s := newStandIn(t)
	serveOK(s)
	c := s.client(t, newRecorder())
	for range 3 {
		if _, err := c.GetCallRecord(context.Background(), recordID); err != nil {
			t.Fatal(err)
		}
	}
	if n := s.tokenRequests(); n != 1 {
		t.Errorf("signed in %d times for three records, want once: the token is cached", n)
	}
	s.mu.Lock()
	f := s.forms[0]
	s.mu.Unlock()
	if f.Get("client_secret") != testSecret || f.Get("client_assertion") != "" || f.Get("scope") != s.graph.URL+"/.default" {
		t.Errorf("token request form %v", f)
	}
}

func TestSignInWithCertificate(t *testing.T) {
	t.Parallel()
	for _, pkcs1 := range []bool{false, true} {
		t.Run(map[bool]string{false: "PKCS#8 key", true: "PKCS#1 key"}[pkcs1], func(t *testing.T) {
			t.Parallel()
			s := newStandIn(t)
			serveOK(s)
			pemData, cert := testCert(t, time.Now().Add(24*time.Hour), pkcs1)
			s.cert = cert
			c := s.client(t, newRecorder(), func(c *Config) {
				c.ClientSecret, c.CertificatePEM = "", pemData
			})
			if _, err := c.GetCallRecord(context.Background(), recordID); err != nil {
				t.Fatal(err)
			}
		})
	}
	t.Run("a certificate the app does not have", func(t *testing.T) {
		t.Parallel()
		s := newStandIn(t)
		_, registered := testCert(t, time.Now().Add(24*time.Hour), false)
		other, _ := testCert(t, time.Now().Add(24*time.Hour), false)
		s.cert = registered
		c := s.client(t, newRecorder(), func(c *Config) { c.ClientSecret, c.CertificatePEM = "", other })
		_, err := c.GetCallRecord(context.Background(), recordID)
		if !errors.Is(err, ErrCredentials) || !contains(err.Error(), "AADSTS700027", "upload the certificate") {
			t.Fatalf("got %v, want ErrCredentials asking to upload the certificate", err)
		}
		if s.hitsOf(recordURI) != 0 {
			t.Error("Graph was asked without a token")
		}
	})
}

func TestSignInErrorsSayWhatToFix(t *testing.T) {
	t.Parallel()
	closed := httptest.NewServer(nil)
	closed.Close()
	// A sign-in host behind a certificate this machine does not trust,
	// as behind a proxy that inspects TLS: a real TLS server on
	// 127.0.0.1 with the test package's own certificate authority.
	untrusted := httptest.NewTLSServer(http.NotFoundHandler())
	t.Cleanup(untrusted.Close)
	tests := []struct {
		name  string
		edit  func(*standIn, *Config)
		want  error
		parts []string // the message must say these
		not   []string // and not these
	}{{
		name:  "wrong secret",
		edit:  func(_ *standIn, c *Config) { c.ClientSecret = "the-secret-id-not-its-value" },
		want:  ErrCredentials,
		parts: []string{"AADSTS7000215", "Value, not its Secret ID", testClient},
	}, {
		name: "expired secret",
		edit: func(s *standIn, _ *Config) {
			s.refuse = "AADSTS7000222: The provided client secret keys for app 'x' are expired."
		},
		want:  ErrCredentials,
		parts: []string{"expired", "create a new secret"},
	}, {
		name:  "unknown tenant",
		edit:  func(_ *standIn, c *Config) { c.TenantID = "fabrikam.onmicrosoft.com" },
		want:  ErrUnknownTenant,
		parts: []string{"fabrikam.onmicrosoft.com", "AADSTS90002", "Directory (tenant) ID"},
	}, {
		name:  "unknown app",
		edit:  func(_ *standIn, c *Config) { c.ClientID = "99999999-0000-0000-0000-000000000000" },
		want:  ErrUnknownApp,
		parts: []string{"99999999-0000-0000-0000-000000000000", "AADSTS700016", "Application (client) ID"},
	}, {
		name: "another refusal of the client is quoted",
		edit: func(s *standIn, _ *Config) {
			s.refuse = "AADSTS53003: Access has been blocked by Conditional Access policies."
		},
		want:  ErrCredentials, // invalid_client
		parts: []string{"check the client id", "AADSTS53003: Access has been blocked"},
	}, {
		name:  "sign-in host unreachable",
		edit:  func(_ *standIn, c *Config) { c.Cloud.LoginURL = closed.URL },
		want:  ErrUnreachable,
		parts: []string{"cannot reach the sign-in host", strings.TrimPrefix(closed.URL, "http://"), "check the host's address"},
		not:   []string{"(global)", "cloud setting"}, // the hosts were set by hand
	}, {
		name:  "sign-in host's certificate not trusted",
		edit:  func(_ *standIn, c *Config) { c.Cloud.LoginURL = untrusted.URL },
		want:  ErrUnreachable,
		parts: []string{"the sign-in host " + strings.TrimPrefix(untrusted.URL, "https://"), "certificate from an authority this machine does not trust", "proxy inspects TLS"},
		not:   []string{"DNS", "(global)"},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newStandIn(t)
			serveOK(s)
			cfg := s.config(newRecorder())
			tc.edit(s, &cfg)
			c, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.GetCallRecord(context.Background(), recordID)
			if !errors.Is(err, tc.want) || !contains(err.Error(), tc.parts...) {
				t.Fatalf("got %v, want %v saying %q", err, tc.want, tc.parts)
			}
			for _, not := range tc.not {
				if strings.Contains(err.Error(), not) {
					t.Errorf("the message %q says %q", err, not)
				}
			}
			if strings.Contains(err.Error(), testSecret) {
				t.Errorf("the message shows the secret: %v", err)
			}
			if s.hitsOf(recordURI) != 0 {
				t.Error("Graph was asked although sign-in failed")
			}
		})
	}
}

func TestGraphRefusals(t *testing.T) {
	t.Parallel()
	t.Run("403 Authorization_RequestDenied asks for CallRecords.Read.All", func(t *testing.T) {
		t.Parallel()
		s := newStandIn(t)
		s.on(recordURI, answer{status: 403, body: `{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation."}}`})
		_, err := s.client(t, newRecorder()).GetCallRecord(context.Background(), recordID)
		var e *Error
		if !errors.As(err, &e) || e.Kind != ErrPermission || e.Status != 403 || e.Code != "Authorization_RequestDenied" || e.RequestID == "" {
			t.Fatalf("got %#v, want ErrPermission with status, code and request-id", err)
		}
		if !contains(err.Error(), "CallRecords.Read.All", "application permission", "admin consent", testTenant) {
			t.Errorf("message %q does not say which permission to grant", err)
		}
		if s.hitsOf(recordURI) != 1 {
			t.Errorf("a 403 was retried (%d requests)", s.hitsOf(recordURI))
		}
	})
	t.Run("401 fetches a new token once, then says the clouds may not match", func(t *testing.T) {
		t.Parallel()
		s := newStandIn(t)
		serveOK(s)
		s.expired = true
		_, err := s.client(t, newRecorder()).GetCallRecord(context.Background(), recordID)
		if !errors.Is(err, ErrUnauthorized) || !contains(err.Error(), "same cloud", "InvalidAuthenticationToken") {
			t.Fatalf("got %v, want ErrUnauthorized naming the cloud mismatch", err)
		}
		if n := s.tokenRequests(); n != 2 {
			t.Errorf("signed in %d times, want 2: once more after the 401, then give up", n)
		}
	})
	t.Run("401 once, then a new token works", func(t *testing.T) {
		t.Parallel()
		s := newStandIn(t)
		serveOK(s)
		c := s.client(t, newRecorder())
		if _, err := c.tokens.token(context.Background()); err != nil {
			t.Fatal(err)
		}
		s.mu.Lock()
		s.issued = map[string]bool{} // the cached token is revoked
		s.mu.Unlock()
		if _, err := c.GetCallRecord(context.Background(), recordID); err != nil {
			t.Fatalf("got %v after a revoked token", err)
		}
	})
}

func TestCertificateFiles(t *testing.T) {
	t.Parallel()
	now := time.Now()
	good, _ := testCert(t, now.Add(time.Hour), false)
	expired, _ := testCert(t, now.Add(-time.Minute), false)
	other, _ := testCert(t, now.Add(time.Hour), true)
	certOnly, keyOnly := splitPEM(good)
	_, otherKey := splitPEM(other)
	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ecDER, _ := x509.MarshalECPrivateKey(ecKey)
	p8, _ := x509.MarshalPKCS8PrivateKey(ecKey)

	f := func(name string, data []byte, wantErr string) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := parseCertificate(data, now)
			switch {
			case wantErr == "" && err != nil:
				t.Errorf("got %v", err)
			case wantErr != "" && (!errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), wantErr)):
				t.Errorf("got %v, want ErrConfig saying %q", err, wantErr)
			}
		})
	}
	f("key then certificate", good, "")
	f("certificate then key", append(append([]byte{}, certOnly...), keyOnly...), "")
	f("certificate and chain", append(append(append([]byte{}, good...), certOnly...), []byte("trailing text\n")...), "")
	f("not PEM", []byte("MIIC…"), "not PEM")
	f("certificate only", certOnly, "no private key")
	f("key only", keyOnly, "no CERTIFICATE")
	f("key of another certificate", append(append([]byte{}, certOnly...), otherKey...), "does not belong")
	f("expired", expired, "expired")
	f("EC key", append(append([]byte{}, certOnly...), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: ecDER})...), "RSA key")
	f("EC key as PKCS#8", append(append([]byte{}, certOnly...), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: p8})...), "RSA key")
	f("encrypted key", append(append([]byte{}, certOnly...), pem.EncodeToMemory(&pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: []byte{1}})...), "encrypted")
	f("broken certificate", append(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte{1, 2}}), keyOnly...), "not an X.509")
}

// splitPEM returns the certificate block and the key block of a test PEM.
func splitPEM(data []byte) (cert, key []byte) {
	for rest := data; ; {
		var b *pem.Block
		if b, rest = pem.Decode(rest); b == nil {
			return cert, key
		}
		if b.Type == "CERTIFICATE" {
			cert = pem.EncodeToMemory(b)
		} else {
			key = pem.EncodeToMemory(b)
		}
	}
}

// TestSignInThrottledIsRetried: a throttled token request is repeated
// after the sign-in host's Retry-After, a few times, then said.
func TestSignInThrottledIsRetried(t *testing.T) {
	t.Parallel()
	s := newStandIn(t)
	clock := newRecorder()
	c := s.client(t, clock)
	s.mu.Lock()
	s.throttle = 2
	s.mu.Unlock()
	if _, err := c.tokens.token(context.Background()); err != nil {
		t.Fatalf("token after two throttled answers: %v", err)
	}
	if got := clock.Waits(); len(got) != 2 || got[0] != 2*time.Second || got[1] != 2*time.Second {
		t.Errorf("waits %v, want the host's 2 s twice", got)
	}
	c.tokens.invalidate()
	s.mu.Lock()
	s.throttle, s.tokens = 100, 0
	s.mu.Unlock()
	if _, err := c.tokens.token(context.Background()); err == nil {
		t.Fatal("a sign-in host that always throttles gave a token")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tokens != 1+tokenRetries {
		t.Errorf("%d token requests, want %d", s.tokens, 1+tokenRetries)
	}
}
