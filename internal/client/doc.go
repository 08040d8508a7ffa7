// Package client talks to a running callscope server's HTTP API, for
// commands that cannot open the store themselves while the server holds
// it: `callscope ingest --server` sends files, and the read commands
// (calls, show, cqd, poor-calls, buildings export) read through it,
// with what the token's role may see.
package client
