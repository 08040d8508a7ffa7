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
func ingestToServer(ctx context.Context, cx *cmdContext, fs *flag.FlagSet, c *common, server, token, quarantine string) int {
	if quarantine != "" {
		fmt.Fprintln(cx.stderr, "callscope ingest: --quarantine needs the store; with --server, rejected records are listed in the summary only")
		return exitUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(cx.stderr, "callscope ingest: no input: give files, folders or - for standard input")
		return exitUsage
	}
	tenant := ""
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "tenant" {
			tenant = c.tenant
		}
	})
	cl, err := client.New(server, token, tenant)
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope ingest: %v\n", err)
		return exitUsage
	}
	files, skipped, err := ingest.Files(fs.Args())
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
	sum, err := cl.Ingest(ctx, send)
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope ingest: %v\n", err)
		return exitUsage
	}
	sum.Skipped = append(skipped, sum.Skipped...)
	return reportIngest(cx, c, sum)
}
