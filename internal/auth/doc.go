// Package auth tells who is calling the HTTP API. Today that is a bearer
// token made by `callscope token create` and kept, as the SHA-256 of its
// secret, in the store; the Authenticator interface is the seam where
// OpenID Connect can come in later without the API changing.
//
// A secret is shown once, when it is made, and never stored: a copy of
// the store gives nobody a usable token. Lookups go by hash, and the
// hash found is compared again in constant time, so that neither the
// store nor this package tells an attacker how close a guess was.
package auth
