package console

import (
	"fmt"
	"io"

	"github.com/callscope/callscope/internal/gen"
)

// WriteGenSummary prints what `callscope gen` wrote and its shape, so
// that a benchmark's reader sees at a glance what the data was like.
func WriteGenSummary(w io.Writer, res gen.Result, out string) error {
	_, err := fmt.Fprintf(w, "%s, %s, %s in %s under %s, with %s\n",
		Plural(res.Calls, "call"), Plural(res.Sessions, "session"), Plural(res.Streams, "stream"), Plural(len(res.Files), "file"), out,
		Plural(res.Buildings, "building"))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Graph: %s (every version), %s, %.1f MB of JSON; ACS: %s, %s, %.1f MB of JSON\n",
		Plural(int(res.RecordBytes.N), "record"), Plural(res.Pages, "participants_v2 page"), float64(res.GraphBytes)/1e6,
		Plural(int(res.ACSRows.N), "call"), Plural(int(int64(res.Records)-res.RecordBytes.N), "log record"), float64(res.ACSBytes)/1e6)
	p := func(name string, d gen.Percentiles, unit func(int64) string) {
		fmt.Fprintf(w, "  %-28s p50 %-9s p90 %-9s p99 %-9s max %s\n", name, unit(d.P50), unit(d.P90), unit(d.P99), unit(d.Max))
	}
	count := func(v int64) string { return fmt.Sprint(v) }
	size := func(v int64) string {
		if v < 1000 {
			return fmt.Sprintf("%d B", v)
		}
		if v < 1000_000 {
			return fmt.Sprintf("%.1f KB", float64(v)/1e3)
		}
		return fmt.Sprintf("%.2f MB", float64(v)/1e6)
	}
	p("bytes per Graph record", res.RecordBytes, size)
	p("sessions per Graph record", res.RecordSessions, count)
	p("rows per ACS call", res.ACSRows, count)
	return nil
}
