package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
)

// SecretPrefix starts every secret, so that a leaked one is recognisable
// as callscope's by secret scanners and by people.
const SecretPrefix = "cs_"

// secretBytes is the entropy of a secret: 256 bits, beyond guessing.
const secretBytes = 32

// NewSecret makes a new token secret from crypto/rand ("cs_" and 43
// base64url characters) and its hash, which is all the store may keep.
func NewSecret() (secret string, hash []byte, err error) {
	b := make([]byte, secretBytes)
	if _, err := rand.Read(b); err != nil {
		return "", nil, fmt.Errorf("make token secret: %w", err)
	}
	secret = SecretPrefix + base64.RawURLEncoding.EncodeToString(b)
	return secret, HashSecret(secret), nil
}

// HashSecret is the SHA-256 of a secret. A secret has 256 random bits,
// so a fast unsalted hash is enough: there is no dictionary to attack.
func HashSecret(secret string) []byte {
	sum := sha256.Sum256([]byte(secret))
	return sum[:]
}
