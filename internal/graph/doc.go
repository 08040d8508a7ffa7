// Package graph reads Microsoft Graph call-records JSON, one object at a
// time, into callscope's canonical model: callRecords, sessions pages,
// participants_v2 pages and the PSTN, direct-routing and SMS usage logs.
//
// Containers (files, gzip, JSON lines, list responses and their paging) are
// someone else's job: they hand this package the bytes of one object and,
// for list pages, the page's @odata.context, which ParseContext turns into
// the kind of object to expect. Classify guesses that kind from the
// object's own properties when there is no list around it.
//
// The decoders follow the schema reference (§9): absent, null and zero
// stay apart; unknown properties, unknown enum members, null values and
// Microsoft's "Redacted" strings are kept, never a reason to reject a
// record; deprecated properties are kept as they arrived. A record is
// rejected only when it cannot be read, with a *FieldError that names the
// property path and what was expected. No input makes a decoder panic.
package graph
