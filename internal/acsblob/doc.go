// Package acsblob reads the ACS call logs that a diagnostic setting
// exports to an Azure Storage account, as they grow.
//
// Azure Monitor writes one append blob per category, resource and hour
// (insights-logs-callsummary/resourceId=/SUBSCRIPTIONS/…/y=2024/m=05/
// d=01/h=10/m=00/PT1H.json) and appends a JSON line to it for each record
// it receives during that hour. A Reader lists those blobs and, for each,
// reads only the bytes added since it last looked, up to the last
// complete line; a line still being written is read the next time. The
// lines go through package ingest exactly as `callscope ingest` of the
// same file would read them, named "<container>/<blob>" so that the
// category comes from the container and problems point at the blob and
// its line.
//
// What was read is kept in the store's settings, one key per blob, and is
// saved only once the records it covers are stored: a crash in between
// makes the next poll read those lines again, which the store's
// idempotent writes make harmless.
package acsblob
