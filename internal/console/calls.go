// Package console renders calls for a terminal: the call list of
// `callscope calls` and the call tree of `callscope show`.
package console

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/callscope/callscope/internal/store"
)

// WriteCalls prints one line per call, newest first as given.
func WriteCalls(w io.Writer, calls []store.CallSummary) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "START (UTC)\tDURATION\tTYPE\tSOURCE\tSESSIONS\tSTREAMS\tVERSION\tID")
	for _, c := range calls {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\t%d\t%s\n",
			when(c.Start), duration(c.Start, c.End), orDash(c.Type), c.Source, c.Sessions, c.Streams, c.Version, c.ID)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(calls) == 0 {
		_, err := fmt.Fprintln(w, "no calls")
		return err
	}
	return nil
}

func when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04:05")
}

func duration(start, end time.Time) string {
	if start.IsZero() || end.IsZero() || end.Before(start) {
		return "-"
	}
	return end.Sub(start).Round(time.Second).String()
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}
