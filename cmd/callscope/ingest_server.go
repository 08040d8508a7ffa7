package main

import (
	"context"
	"io"
	"os"

	"github.com/callscope/callscope/internal/client"
	"github.com/callscope/callscope/internal/ingest"
)

// ingestToServer sends the files to a running server, which holds the
// store, and prints its summary as ingest would. The server judges the
// calls with its own rules.
func ingestToServer(ctx context.Context, cx *cmdContext, fs *flagSet, c *common, rem *remote, quarantine string) error {
	if quarantine != "" {
		return fs.usageErr("--quarantine needs the store; with --server, rejected records are listed in the summary only")
	}
	cl, err := rem.dial(fs, c)
	if err != nil {
		return err
	}
	files, skipped, rejected, err := ingest.Files(fs.Args())
	if err != nil {
		return err
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
			return err
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
