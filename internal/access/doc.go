// Package access decides what each role may see of a call, and redacts
// calls, usage rows and people accordingly — in the server, before data
// leaves it, never in the page. The HTTP API and the CLI's
// `show --as ROLE --user USER` both go through Policy.RedactCall.
//
// # Roles
//
// The roles are Call Analytics' (reference/quality-definitions.md §2.4):
//
//	permission       admin  engineer (Tier 2)  specialist (Tier 1)
//	SeeAllNames      yes    yes                no: only the looked-up user's name
//	SeeAdvanced      yes    yes                no
//	SeeDebug         yes    yes                no
//	ManageSettings   yes    no                 no
//	ReadAudit        yes    no                 no
//	Upload           yes    no                 no
//	SeeDashboard     yes    yes                no
//
// A role that is none of the three can do nothing and is redacted as a
// specialist, so a broken token never shows more.
//
// # What every role sees
//
// Every quality metric and every verdict (session rating and issues,
// stream quality and reasons), the call's shape (sessions, segments,
// media, streams, participant count), times, connection types, Wi-Fi band
// and signal, codecs, platform and product family, client and SDK
// versions, feedback ratings and tokens, failure reasons, ACS surveys.
//
// Phone numbers, with their last Policy.PhoneDigitsMasked digits (three
// by default, as DESIGN.md says) replaced by '*', for every role: masking
// cannot be turned off. Numbers are found two ways. Fields tagged
// pii:"phone" (and the ids of an identity set's phone slot, which the
// model's tags turn into phone numbers) are masked whatever they hold.
// Everywhere else — participant ids ("+5564981205182"), organizer_v2.id,
// ACS identifiers ("4:+15551234567"), SIP and tel: URIs, names that are
// numbers, feedback text, unknown properties and debugging blobs — a
// number is recognised by its shape: a '+' (not inside a word) followed
// by at least five digits and the separators people write, or a tel:
// URI. A number Microsoft already masked ("+12345678***") is left as it
// is; masking is idempotent.
//
// # Names (Tier 1)
//
// A specialist sees the name of the looked-up user only. Everyone else's
// name becomes "Internal User" or "External User", by tenant (see
// Policy.HomeTenants: the configured HomeTenantIDs, else the observing
// tenant when the call names it, else the tenant most of the call's
// people belong to, the organizer's breaking a tie). An identity without
// a tenantId (a phone number, an anonymous guest) is external: internal
// needs evidence. People of another tenant are shown as Microsoft
// delivered them, i.e. to Tier 1 as "External User" unless looked up.
//
// The looked-up user is found by Matches (object id or UPN without
// regard to case, phone number by its digits) among the call's people
// (model.People), and recognised in every identity that carries any of
// that person's keys: looked up by UPN, the user is still recognised in
// an organizer_v2 that carries only the object id.
//
// Withheld values stay withheld (Withheld): a null or absent name stays
// null or absent — never filled in from another identity, and never
// replaced by a label, not even for the looked-up user — and "Redacted"
// stays "Redacted", in names and ids alike.
//
// # Personal data other than names (Tier 1)
//
// Personal fields are found through the model's pii tags (model.WalkPII),
// never through a list kept here. Each kind needs a permission
// (viewOf): object ids, UPNs, e-mail addresses and feedback text need
// SeeAllNames; IP and MAC addresses and device (machine) names need
// SeeAdvanced; BSSIDs and unknown properties beside personal fields need
// SeeDebug; a kind added to the model later needs all three until
// placed. A field the role may not see is set to null, so that the page
// shows it as withheld; an id or UPN that is a phone number is kept,
// masked, since every role may see a masked number. The looked-up user's
// own object id and UPN are removed too: Microsoft gives Tier 1 no EUII
// at all (quality-definitions.md §3.1), the name is enough to find the
// user in the call, and a UPN echoed back would confirm, for whatever
// Tier 1 typed, which identity it belongs to.
//
// # Advanced and debug data (Tier 1)
//
// Call Analytics hides its Advanced tab ("device names, IP address,
// subnet mapping…") and its Debug tab ("DNS suffix, SSID…") from Tier 1.
// The model has no tag for these, so views lists them by type and field,
// and a test makes every field of those types an explicit choice:
//
//   - advanced — what the call ran on and through: subnet, relay address
//     and port, local port, Wi-Fi driver names and versions, capture and
//     render device names and drivers, CPU name, cores and speed,
//     user-agent header values (they name devices: "(SM-G930U Android
//     8.0.0)"), ACS osVersion (the ACS mapping's header value), and the
//     trunk FQDN and media and signalling locations of usage rows;
//   - debug — what is meant for Microsoft support: DNS suffix, Wi-Fi
//     channel, trace-route hops, ACS diagnostic options and debugging
//     info, the ACS resource id, raw client metrics (media statistics
//     time series), SDK operation logs, and unknown properties anywhere.
//
// Kept for Tier 1, because they describe quality rather than identify a
// place or a machine: connection type, transport protocol, link speed,
// Wi-Fi band, radio type, signal strength and battery, every event ratio
// and device ratio (the "device not functioning" issue needs them),
// platform, product family, application and ACS SDK versions (Tier 1's
// first advice is often "update the client"), ACS participant type and
// end reason. Advanced and debug fields are removed (absent), not set to
// null: they are not part of Tier 1's view at all.
//
// # Copies
//
// RedactCall never modifies its input: it redacts a deep copy made by
// reflection (clone). A 60-session meeting of 250 kB takes about 8 ms to
// redact (BenchmarkRedactCall), 1.6 ms of it the copy; half of the rest
// is model.WalkPII. A JSON round trip would copy too, but takes ten
// times as long (BenchmarkClone) and would pass values through the
// decoders' lenient reading.
//
// Out of scope here: which tenant's calls a user may read (the store
// scopes every read by tenant) and the audit log of lookups (the API
// writes it; ReadAudit says who may read it).
package access
