// Package report makes the reports administrators read beside the
// dashboard out of dashboard queries (package cqd), so that the API, the
// web pages and the command line, on a store or through a server, give
// the same numbers.
package report
