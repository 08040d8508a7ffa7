// Package msgraph fetches call records live from Microsoft Graph: it signs
// in as an application (OAuth2 client credentials, with a client secret or
// a certificate), gets one record whole — the record, every page of its
// sessions with their segments, every page of its participants_v2 — as the
// raw JSON of one record that package graph decodes unchanged, and lists
// the records of a time window for backfill and reconciliation sweeps.
//
// # Authentication library
//
// Tokens come from golang.org/x/oauth2/clientcredentials; a certificate's
// client assertion is a JWT signed with github.com/golang-jwt/jwt/v5. The
// Azure SDK's azidentity was the other candidate and was not taken:
//
//   - National clouds: both work; with x/oauth2 a cloud is just two hosts
//     (Cloud), with nothing to register or discover.
//   - Certificates: azidentity supports them directly; here it costs one
//     small file (assertion.go) and a dependency-free JWT module.
//   - Weight: azidentity pulls in azcore, MSAL for Go and their
//     dependencies, for one form POST; x/oauth2 is already in the module
//     graph and golang-jwt has no dependencies, which matters for build
//     times on a 2-core machine.
//   - Testability: MSAL insists on an HTTPS authority and fetches instance
//     and OpenID metadata before the token, so a test needs a TLS server
//     that mimics all of it; x/oauth2 posts the form to whatever token URL
//     it is given, so the tests run a plain stand-in on 127.0.0.1.
//
// The token is fetched by the client itself, not by an oauth2.Transport,
// so that a sign-in failure is told apart from a Graph failure and turned
// into a message that says what to fix (see Error and the sentinel errors).
//
// # Paging, loops and throttling
//
// Every nextLink is followed exactly as Graph gave it, after checking that
// it points at the configured Graph host (the bearer token must never go
// anywhere else). A link seen before in the same walk is a loop and an
// error, as is a walk longer than Config.MaxPages. Requests pass a
// client-side limiter kept under the published per-app-per-tenant,
// per-record and list limits; 429, 503 and 504 answers are retried after
// their Retry-After, or else after an exponential backoff with jitter, a
// bounded number of times. A request whose outcome is unknown (the
// network failed, or 503 or 504) is sent again only when repeating it does
// no harm: reads, renewals, reauthorizations, deletions; a subscription's
// creation is looked for instead (see CreateSubscription). A throttled or
// unavailable sign-in host is retried the same way, a few times.
//
// This package knows nothing of the store or of notifications: it hands
// bytes and ids to whoever drives it.
package msgraph
