package api

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"strings"
)

// A person tag tells apart two people a page names alike — two "Alex
// Kim"s, or the "Internal User"s Tier 1 sees — without saying who they
// are: an HMAC of the tenant, the call and the person's key under a
// server key, cut short. It is the same for the person on every page and
// view of one call, and unrelated from one call to the next, so that it
// cannot be used to follow a person across calls, which Tier 1 may not
// do by name either.

// tagLen is the tag's length in base32 characters: 30 bits, so that two
// people of a 1,000-person town hall share one with a chance of about
// one in two thousand.
const tagLen = 6

var tagEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// tagKeyOf derives the tag key from the server key.
func tagKeyOf(key []byte) []byte { return derive(key, "callscope person tag v1") }

// tag is the person tag of the person with key in call id of tenant;
// "" for a person without a key.
func (u *userRefs) tag(tenant, id, key string) string {
	if key == "" {
		return ""
	}
	m := hmac.New(sha256.New, u.tagKey)
	for _, part := range []string{tenant, id, key} {
		m.Write([]byte(part))
		m.Write([]byte{0})
	}
	return strings.ToLower(tagEncoding.EncodeToString(m.Sum(nil))[:tagLen])
}
