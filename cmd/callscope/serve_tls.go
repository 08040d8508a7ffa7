package main

import (
	"crypto/tls"
	"errors"
	"flag"
	"net/url"
	"strings"

	"golang.org/x/crypto/acme"
	"golang.org/x/crypto/acme/autocert"

	"github.com/callscope/callscope/internal/api"
	"github.com/callscope/callscope/internal/store"
)

// tlsFlags are how serve answers HTTPS itself, without a proxy in front:
// with certificate files, or with certificates it obtains by ACME.
type tlsFlags struct {
	cert, key     string
	acme          bool
	acmeHosts     string
	acmeEmail     string
	acmeDirectory string
	redirectAddr  string
}

func addTLSFlags(fs *flag.FlagSet) *tlsFlags {
	f := &tlsFlags{}
	fs.StringVar(&f.cert, "tls-cert", "", "serve HTTPS with this PEM certificate (chain), read again when it changes")
	fs.StringVar(&f.key, "tls-key", "", "the PEM private key of --tls-cert")
	fs.BoolVar(&f.acme, "tls-acme", false, "serve HTTPS with certificates obtained and renewed by ACME (Let's Encrypt by default) for the host of --public-url and --tls-acme-hosts, kept in the store")
	fs.StringVar(&f.acmeHosts, "tls-acme-hosts", "", "more host names for --tls-acme, comma-separated")
	fs.StringVar(&f.acmeEmail, "tls-acme-email", "", "contact address of the ACME account, for the CA's notices")
	fs.StringVar(&f.acmeDirectory, "tls-acme-directory", acme.LetsEncryptURL, "the ACME CA's directory URL")
	fs.StringVar(&f.redirectAddr, "http-redirect-addr", "", "with HTTPS, also listen for plain HTTP here (e.g. :80), redirect it to HTTPS and answer ACME's http-01 challenges")
	return f
}

// serveTLS is what serve needs to answer HTTPS: nil config when the flags
// ask for plain HTTP.
type serveTLS struct {
	config  *tls.Config
	manager *autocert.Manager // with --tls-acme
}

// setup checks the flags and makes the TLS configuration; publicURL is
// serve's --public-url, whose host --tls-acme certifies.
func (f *tlsFlags) setup(st store.Store, publicURL string) (*serveTLS, error) {
	files := f.cert != "" || f.key != ""
	switch {
	case files && (f.cert == "" || f.key == ""):
		return nil, errors.New("--tls-cert and --tls-key go together")
	case files && f.acme:
		return nil, errors.New("--tls-cert and --tls-acme are two ways to the certificate: give one")
	case !files && !f.acme:
		if f.redirectAddr != "" {
			return nil, errors.New("--http-redirect-addr needs HTTPS: --tls-cert and --tls-key, or --tls-acme")
		}
		if f.acmeHosts != "" || f.acmeEmail != "" {
			return nil, errors.New("--tls-acme-hosts and --tls-acme-email need --tls-acme")
		}
		return &serveTLS{}, nil
	case files:
		c := &api.CertificateFiles{CertFile: f.cert, KeyFile: f.key}
		if err := c.Load(); err != nil {
			return nil, err
		}
		return &serveTLS{config: api.TLSConfig(c.GetCertificate, nil)}, nil
	}
	hosts := splitList(f.acmeHosts)
	if publicURL != "" {
		if u, err := url.Parse(publicURL); err == nil && u.Hostname() != "" {
			hosts = append(hosts, u.Hostname())
		}
	}
	if len(hosts) == 0 {
		return nil, errors.New("--tls-acme needs the host to certify: --public-url https://host or --tls-acme-hosts host")
	}
	for i, h := range hosts {
		hosts[i] = strings.ToLower(h)
	}
	m := &autocert.Manager{
		Prompt:     autocert.AcceptTOS,
		Cache:      api.ACMECache{Settings: st},
		HostPolicy: autocert.HostWhitelist(hosts...),
		Email:      f.acmeEmail,
		Client:     &acme.Client{DirectoryURL: f.acmeDirectory},
	}
	return &serveTLS{config: api.TLSConfig(nil, m), manager: m}, nil
}
