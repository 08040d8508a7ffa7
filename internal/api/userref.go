package api

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// A user reference ("ref") names a person of a search result without
// saying who they are: a specialist (Tier 1) sees no object ids or UPNs,
// yet must be able to open the calls of the user they picked. The ref
// seals the tenant and the person's key (object id, else UPN, else phone
// number) with AES-GCM under a server key, so that it can be neither
// read nor forged, and it works only in the tenant it was made for.
//
// A person's ref is the same every time (its nonce is derived from what
// it seals, as in SIV), so that the address of their calls can be
// bookmarked and shared with a colleague. Equal refs tell only that the
// person is the same, which the name beside it says anyway; a nonce
// repeats only with the same tenant and key, so GCM's nonce rule holds.

// refPrefix starts every ref; object ids, UPNs and phone numbers never
// start with it.
const refPrefix = "ref_"

// refKeySize is the AES-256 key size.
const refKeySize = 32

type userRefs struct {
	aead cipher.AEAD
	// tagKey derives person tags (persontag.go) and nonceKey the nonces
	// of refs from the same server key, each kept apart from the sealing
	// key by its own derivation.
	tagKey, nonceKey []byte
}

func newUserRefs(key []byte) (*userRefs, error) {
	if len(key) != refKeySize {
		return nil, fmt.Errorf("user reference key has %d bytes, want %d", len(key), refKeySize)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("user reference key: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("user reference key: %w", err)
	}
	return &userRefs{aead: aead, tagKey: tagKeyOf(key), nonceKey: derive(key, "callscope user reference nonce v1")}, nil
}

// derive is a key of its own for one use of the server key.
func derive(key []byte, use string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(use))
	return m.Sum(nil)
}

// seal makes the ref of a person of tenant: the same for the same
// person, every time.
func (u *userRefs) seal(tenant, key string) (string, error) {
	m := hmac.New(sha256.New, u.nonceKey)
	m.Write([]byte(tenant))
	m.Write([]byte{0})
	m.Write([]byte(key))
	nonce := m.Sum(nil)[:u.aead.NonceSize()]
	out := u.aead.Seal(nonce, nonce, []byte(key), []byte(tenant))
	return refPrefix + base64.RawURLEncoding.EncodeToString(out), nil
}

var errBadRef = errors.New("not a valid user reference")

// open returns the person key a ref of tenant holds; a ref of another
// tenant, of another server key, or tampered with is errBadRef.
func (u *userRefs) open(tenant, ref string) (string, error) {
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(ref, refPrefix))
	if err != nil || len(raw) < u.aead.NonceSize() {
		return "", errBadRef
	}
	n := u.aead.NonceSize()
	key, err := u.aead.Open(nil, raw[:n], raw[n:], []byte(tenant))
	if err != nil {
		return "", errBadRef
	}
	return string(key), nil
}

// maxUserLen bounds a user as a request names it: UPNs are at most 113
// characters, refs of them about 200.
const maxUserLen = 512

// resolveUser turns a user as a request gives it (object id, UPN, phone
// number, or a ref) into the key lookups use. A ref that does not open is
// 404, as a user nobody can find.
func (s *Server) resolveUser(rc *reqCtx, param, user string) (string, error) {
	user = strings.TrimSpace(user)
	switch {
	case user == "":
		return "", badParam(param, "empty: give an object id, a UPN, a phone number or a ref from a user search")
	case len(user) > maxUserLen:
		return "", badParam(param, "longer than %d characters", maxUserLen)
	case strings.HasPrefix(user, refPrefix):
		key, err := s.refs.open(rc.tenant, user)
		if err != nil {
			return "", notFound("user")
		}
		return key, nil
	}
	return user, nil
}
