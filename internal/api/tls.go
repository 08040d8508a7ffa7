package api

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"golang.org/x/crypto/acme/autocert"

	"github.com/callscope/callscope/internal/store"
)

// hstsMaxAge is how long a browser keeps to HTTPS for the host once it
// was served over TLS: a year, as HSTS preload lists ask.
const hstsMaxAge = "max-age=31536000"

// CertificateFiles serves the certificate and key of two PEM files, read
// again when either changes (a renewal by certbot or a secret mount), so
// that a renewed certificate needs no restart. They are checked at most
// every CheckEvery (a minute when 0).
type CertificateFiles struct {
	CertFile, KeyFile string
	CheckEvery        time.Duration

	mu      sync.Mutex
	cert    *tls.Certificate
	modTime time.Time
	checked time.Time
}

// Load reads the files, for a start that fails on a bad pair rather than
// at the first handshake.
func (c *CertificateFiles) Load() error {
	_, err := c.GetCertificate(nil)
	return err
}

// GetCertificate is tls.Config.GetCertificate.
func (c *CertificateFiles) GetCertificate(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := time.Now()
	every := c.CheckEvery
	if every <= 0 {
		every = time.Minute
	}
	if c.cert != nil && now.Sub(c.checked) < every {
		return c.cert, nil
	}
	c.checked = now
	mod, err := newest(c.CertFile, c.KeyFile)
	if err == nil && c.cert != nil && !mod.After(c.modTime) {
		return c.cert, nil
	}
	pair, lerr := tls.LoadX509KeyPair(c.CertFile, c.KeyFile)
	switch {
	case lerr != nil && c.cert != nil:
		// Mid-renewal, the two files may not match for a moment: keep
		// the certificate that works.
		return c.cert, nil
	case lerr != nil:
		return nil, fmt.Errorf("TLS certificate %s and key %s: %w", c.CertFile, c.KeyFile, lerr)
	}
	c.cert, c.modTime = &pair, mod
	return c.cert, nil
}

func newest(paths ...string) (time.Time, error) {
	var t time.Time
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return time.Time{}, err
		}
		if fi.ModTime().After(t) {
			t = fi.ModTime()
		}
	}
	return t, nil
}

// ACMECache keeps the certificates and account key ACME (autocert)
// obtains in the store's settings, so that every callscope process
// sharing the store serves the same certificate and a restart does not
// ask the CA again (Let's Encrypt limits how many it issues a week).
type ACMECache struct{ Settings store.SettingStore }

const acmeCachePrefix = "tls.acme."

// Get implements autocert.Cache.
func (c ACMECache) Get(ctx context.Context, name string) ([]byte, error) {
	v, ok, err := c.Settings.Setting(ctx, acmeCachePrefix+name)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, autocert.ErrCacheMiss
	}
	return base64.StdEncoding.DecodeString(v)
}

// Put implements autocert.Cache.
func (c ACMECache) Put(ctx context.Context, name string, data []byte) error {
	return c.Settings.SetSetting(ctx, acmeCachePrefix+name, base64.StdEncoding.EncodeToString(data))
}

// Delete implements autocert.Cache.
func (c ACMECache) Delete(ctx context.Context, name string) error {
	return c.Settings.DeleteSetting(ctx, acmeCachePrefix+name)
}

// TLSConfig is the server side of TLS 1.2 and later with certificates
// from getCertificate, and, for ACME's tls-alpn-01 challenge, the
// protocols m answers (m may be nil).
func TLSConfig(getCertificate func(*tls.ClientHelloInfo) (*tls.Certificate, error), m *autocert.Manager) *tls.Config {
	if m != nil {
		cfg := m.TLSConfig()
		cfg.MinVersion = tls.VersionTLS12
		return cfg
	}
	return &tls.Config{MinVersion: tls.VersionTLS12, GetCertificate: getCertificate, NextProtos: []string{"h2", "http/1.1"}}
}

// ServeRedirect answers plain HTTP on addr until ctx is done: ACME's
// http-01 challenges when m is set, and a permanent redirect to the same
// path on https://host (host without a port means 443, else the port of
// httpsAddr) for everything else, so that no page or token travels in
// the clear.
func ServeRedirect(ctx context.Context, addr, httpsAddr string, m *autocert.Manager, ready func(net.Addr)) error {
	_, port, _ := net.SplitHostPort(httpsAddr)
	var h http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		if port != "" && port != "443" {
			host = net.JoinHostPort(host, port)
		}
		http.Redirect(w, r, "https://"+host+r.URL.RequestURI(), http.StatusPermanentRedirect)
	})
	if m != nil {
		h = m.HTTPHandler(h)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	if ready != nil {
		ready(ln.Addr())
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: readHeaderTimeout, ReadTimeout: readTimeout, WriteTimeout: writeTimeout, IdleTimeout: idleTimeout}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve on %s: %w", ln.Addr(), err)
	}
	return nil
}

// hsts tells browsers to keep to HTTPS for the host.
func hsts(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Strict-Transport-Security", hstsMaxAge)
		h.ServeHTTP(w, r)
	})
}
