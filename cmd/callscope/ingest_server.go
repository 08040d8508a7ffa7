package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/callscope/callscope/internal/client"
	"github.com/callscope/callscope/internal/ingest"
)

// ingestToServer sends the files to a running server, which holds the
// store, and prints its summary as ingest would. The server judges the
// calls with its own rules.
func ingestToServer(ctx context.Context, cx *cmdContext, fs *flag.FlagSet, c *common, rem *remote, quarantine string) int {
	if quarantine != "" {
		fmt.Fprintln(cx.stderr, "callscope ingest: --quarantine needs the store; with --server, rejected records are listed in the summary only")
		return exitUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(cx.stderr, "callscope ingest: no input: give files, folders or - for standard input")
		return exitUsage
	}
	cl, ok := rem.dial(cx, fs, c, "ingest")
	if !ok {
		return exitUsage
	}
	files, skipped, rejected, err := ingest.Files(fs.Args())
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope ingest: %v\n", err)
		return exitUsage
	}
	send := make([]client.File, len(files))
	for i, name := range files {
		send[i] = client.File{Name: name, Open: func() (io.ReadCloser, error) {
			if name == "-" {
				return io.NopCloser(cx.stdin), nil
			}
			return os.Open(name)
		}}
	}
	// The server refuses an upload without files; a listing that found
	// none to send (only skipped entries, only unlistable folders) is
	// reported as ingesting into the store would report it.
	sum := &ingest.Summary{Rejected: []ingest.Problem{}}
	if len(send) > 0 {
		if sum, err = cl.Ingest(ctx, send); err != nil {
			fmt.Fprintf(cx.stderr, "callscope ingest: %v\n", err)
			return exitUsage
		}
	}
	// What only the listing saw goes into the summary as ingesting into
	// the store reports it: the same entries, the same exit code, and a
	// folder that could not be listed counted among the files.
	sum.Skipped = append(skipped, sum.Skipped...)
	if len(rejected) > 0 { // appending to nil would turn an empty list into null
		sum.Rejected = append(rejected, sum.Rejected...)
		sum.Files += len(rejected)
	}
	return reportIngest(cx, c, sum)
}
