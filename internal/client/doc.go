// Package client talks to a running callscope server's HTTP API, for
// commands that cannot open the store themselves while the server holds
// it (`callscope ingest --server`).
package client
