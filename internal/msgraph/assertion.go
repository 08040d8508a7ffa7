package msgraph

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1" // #nosec: x5t is defined as the SHA-1 thumbprint; it names the certificate, it protects nothing
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// certificate is an app credential: the certificate registered on the app
// and the private key that signs client assertions.
type certificate struct {
	cert *x509.Certificate
	key  *rsa.PrivateKey
}

// parseCertificate reads a PEM bundle holding one certificate and its RSA
// private key (PKCS#1 or PKCS#8), in any order, and checks that they
// belong together: an assertion signed with another key than the
// registered certificate's is refused by Entra with a cryptic message.
func parseCertificate(data []byte, now time.Time) (*certificate, error) {
	var c certificate
	for rest := data; ; {
		var b *pem.Block
		if b, rest = pem.Decode(rest); b == nil {
			break
		}
		switch b.Type {
		case "CERTIFICATE":
			if c.cert != nil {
				continue // the chain after the leaf
			}
			cert, err := x509.ParseCertificate(b.Bytes)
			if err != nil {
				return nil, configError("the certificate PEM holds a CERTIFICATE block that is not an X.509 certificate: %v", err)
			}
			c.cert = cert
		case "RSA PRIVATE KEY":
			key, err := x509.ParsePKCS1PrivateKey(b.Bytes)
			if err != nil {
				return nil, configError("the certificate PEM's RSA PRIVATE KEY block cannot be read: %v", err)
			}
			c.key = key
		case "PRIVATE KEY":
			k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
			if err != nil {
				return nil, configError("the certificate PEM's PRIVATE KEY block cannot be read: %v", err)
			}
			key, ok := k.(*rsa.PrivateKey)
			if !ok {
				return nil, configError("the certificate's private key is a %T: Microsoft Entra client assertions need an RSA key", k)
			}
			c.key = key
		case "ENCRYPTED PRIVATE KEY":
			return nil, configError("the certificate's private key is encrypted: export it without a password (openssl pkcs12 -nodes)")
		case "EC PRIVATE KEY":
			return nil, configError("the certificate's private key is an EC key: Microsoft Entra client assertions need an RSA key")
		}
	}
	switch {
	case c.cert == nil && c.key == nil:
		return nil, configError("the certificate is not PEM with a CERTIFICATE and a PRIVATE KEY block")
	case c.cert == nil:
		return nil, configError("the certificate PEM has a private key but no CERTIFICATE block: append the certificate")
	case c.key == nil:
		return nil, configError("the certificate PEM has no private key: append the PRIVATE KEY block (the certificate alone cannot sign in)")
	}
	pub, ok := c.cert.PublicKey.(*rsa.PublicKey)
	if !ok || !pub.Equal(&c.key.PublicKey) {
		return nil, configError("the private key does not belong to the certificate %s: put the key and certificate of the same pair together", c.thumbprint())
	}
	if now.After(c.cert.NotAfter) {
		return nil, configError("the certificate %s expired on %s: upload a new one to the app registration and use it here", c.thumbprint(), c.cert.NotAfter.UTC().Format(time.DateOnly))
	}
	return &c, nil
}

// thumbprint is the SHA-1 thumbprint in hex, as the Entra portal shows it.
func (c *certificate) thumbprint() string {
	sum := sha1.Sum(c.cert.Raw)
	return fmt.Sprintf("%X", sum[:])
}

// assertion returns a client assertion for the token endpoint tokenURL,
// as Microsoft Entra's certificate credentials document it: PS256, the
// certificate named by its SHA-256 thumbprint (x5t#S256) and, for older
// validators, by its SHA-1 thumbprint (x5t); audience the token endpoint,
// issuer and subject the client id, a unique jti and a short lifetime.
func (c *certificate) assertion(clientID, tokenURL string, now time.Time, withChain bool) (string, error) {
	jti := make([]byte, 16)
	if _, err := rand.Read(jti); err != nil {
		return "", fmt.Errorf("making a client assertion id: %w", err)
	}
	claims := jwt.RegisteredClaims{
		Audience:  jwt.ClaimStrings{tokenURL},
		Issuer:    clientID,
		Subject:   clientID,
		ID:        hex.EncodeToString(jti),
		IssuedAt:  jwt.NewNumericDate(now),
		NotBefore: jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(10 * time.Minute)),
	}
	t := jwt.NewWithClaims(jwt.SigningMethodPS256, claims)
	s256 := sha256.Sum256(c.cert.Raw)
	s1 := sha1.Sum(c.cert.Raw)
	t.Header["x5t#S256"] = base64.RawURLEncoding.EncodeToString(s256[:])
	t.Header["x5t"] = base64.RawURLEncoding.EncodeToString(s1[:])
	if withChain {
		t.Header["x5c"] = []string{base64.StdEncoding.EncodeToString(c.cert.Raw)}
	}
	signed, err := t.SignedString(c.key)
	if err != nil {
		return "", fmt.Errorf("signing the client assertion: %w", err)
	}
	return signed, nil
}
