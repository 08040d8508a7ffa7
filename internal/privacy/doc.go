// Package privacy enforces retention: personal data (the model's pii
// tags) is cleared from calls, their ACS log records and usage rows once
// it is older than the EUII period (28 days by default, as Microsoft's
// Call Quality Dashboard does), keeping every metric, verdict, building
// and subnet; calls older than the retention period are deleted; audit
// entries older than theirs are purged.
//
// The Scrubber runs in the background of `callscope serve` and on demand
// as `callscope scrub`. It streams through the store, a page at a time,
// and takes a clock so that tests run it at any date without sleeping.
//
// Calls are aged by their start time; a call without one (pages of a
// record whose record never arrived) is aged by when it was stored.
//
// What is cleared must be gone from the disk too, not only from what the
// store returns: after a run that cleared or deleted anything, the
// scrubber has a store that implements store.Compactor rewrite its files
// from the live data, so that no freed page, write-ahead log or old row
// version keeps a personal value.
package privacy
