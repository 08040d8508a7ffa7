// Package api is the HTTP API of `callscope serve`: versioned JSON under
// /api/v1 for the helpdesk's per-user call analytics (find a user, list
// their calls, open one call's overview, advanced and debug sections,
// its timeline, participants and verdicts), the organization's views
// (everyone's calls, the dashboard, poor calls, the building file), a
// call's redacted record for clients that render it themselves
// (`callscope show --server`), telemetry uploads and the audit log,
// plus /healthz and Prometheus /metrics.
//
// # Who sees what
//
// Every /api route needs a bearer token (package auth). A token holds a
// role and one or more tenants; a request names its tenant with
// ?tenant= (default: the token's first), and a tenant the token does not
// hold is answered 404, exactly as if nothing existed there. Every call
// the API returns goes through one function, Server.seeCall, which
// redacts it with access.Policy for the caller's role and looked-up user
// before any view is built from it; people go through
// access.Policy.RedactPeople and RedactPerson. Nothing unredacted is
// serialized.
//
// # Pages
//
// Lists come a page at a time: ?limit= and an opaque ?cursor=, and a
// "next" link, the request's own URL with the next cursor, while more
// follow. A call's views page its long lists too: a town hall has
// hundreds of sessions and participants, and a record of megabytes. The
// detail (every section), the record and the verdicts hold one page of
// sessions, each with its call-wide index, and "sessionCount"; the
// participants and the timeline one page of participants, and
// "participantCount".
// Call-level facts (rating, participant count…) are the whole call's.
// seeCall redacts only the page's sessions, against the whole call (its
// home tenants, the looked-up user's keys), so a request's work follows
// the page, not the call, and a page shows what the whole call's
// redaction would (see seeCall for the one case where it shows less).
//
// Values that were withheld — by Microsoft (null, "null", "Redacted",
// empty) or by redaction for the caller's role — are never sent as null
// or as those strings: the property is left out and a sibling
// "<property>Withheld": true takes its place (markWithheld), in every
// call and user response.
//
// Tier 1 (specialist) user search: each match is a candidate for the
// user the specialist was asked about, so it shows that person as the
// looked-up user — their display name, their phone number masked — but
// never an object id or UPN (only the UPN's domain, to tell two people
// of one name apart). To open a match's calls the specialist uses its
// "ref", an opaque handle sealed by the server (userref.go), which the
// user routes accept wherever they accept an object id, UPN or phone
// number. Specialists must type at least three characters.
//
// Who looked at whose calls is written to the audit log before the data
// is sent (audit.go batches the writes of concurrent requests into one
// transaction), so no response leaves without its record: one entry per
// request, so one per page.
//
// # Errors
//
// Every error has one shape, {"error":{"code","message","requestId"}},
// with no internal detail; internal errors are logged with the request
// id. Logs carry request ids, route patterns, statuses and durations,
// never paths, names or phone numbers.
package api
