// Package model is callscope's canonical call model: one tree, shaped like
// Microsoft Graph's callRecord (call → sessions → segments → media →
// streams), that both sources decode into. ACS calls map onto it:
// correlationId → Call, each participant → Session, each CallDiagnostics
// record → Stream, with what only ACS reports kept in the ACS fields.
//
// Values keep absent, null and zero apart (Opt), durations are exact
// (Duration), unknown enum members and unknown properties are kept (Extra),
// and every field that holds personal data carries a pii struct tag naming
// its kind, so that redaction and retention find it without a second list
// kept by hand; see PIIKind.
//
// The JSON form of these types is callscope's own canonical form: Graph's
// property names, absent values omitted, durations as ISO 8601.
package model
