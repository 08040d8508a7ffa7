// Package ingestbench is `callscope bench ingest`: it generates a real
// organization's telemetry (internal/gen: mostly 1:1 calls and small
// meetings, and large meetings and town halls of megabytes), ingests it
// into a fresh embedded store with the callscope binary itself, as a
// user would, and compares the speed with an anchor measured in the same
// run on the same bytes: a naive one-core encoding/json decode of every
// record into map[string]any. The machines it runs on are shared and
// noisy; the ratio is what is comparable from run to run.
package ingestbench

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"time"

	"github.com/callscope/callscope/internal/gen"
)

// Options configure a run.
type Options struct {
	// Bytes is about how much JSON to generate (default 100 MB).
	Bytes int64
	// Format is gen.FormatGraph (the default) or gen.FormatACS.
	Format string
	// Seed selects the generated organization.
	Seed int64
	// Users is the size of the organization (default 2,000); with Bytes,
	// the data is the first hours or days of its month.
	Users int
	// Dir holds the data and the store; a new temporary folder, removed
	// afterwards, when empty.
	Dir string
	// Store is where the data is ingested: a fresh embedded store in Dir
	// when empty; a postgres:// DSN names an empty database, whose
	// server's memory and CPU are not in the figures.
	Store string
	// Exe is the callscope binary that ingests (default: this one), and
	// Env the environment it runs with (default: this one's).
	Exe string
	Env []string
	// Out receives the report; Log the progress.
	Out io.Writer
	Log *slog.Logger
}

// Run is one measured ingest of the data, as a separate process.
type Run struct {
	Seconds  float64
	MBPerSec float64
	Records  int
	PeakRSS  int64 // bytes
	// Unchanged counts the records found stored already.
	Unchanged int
}

// Result is a whole run's figures.
type Result struct {
	Bytes        int64
	Records      int
	AnchorMBs    float64
	First, Again Run
	// Ratio is the first ingest's MB/s divided by the anchor's.
	Ratio float64
}

// end is where the generated month ends, fixed so that runs are
// comparable.
var end = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Bench generates the data, measures the anchor, then ingests twice into
// one fresh store: the second ingest of the same input must stay fast
// too. The report's last line is "ratio=<…>".
func Bench(ctx context.Context, o Options) (*Result, error) {
	if o.Bytes == 0 {
		o.Bytes = 100_000_000
	}
	if o.Bytes < 1_000_000 {
		return nil, errors.New("bench ingest: --bytes must be at least 1000000")
	}
	if o.Format == "" {
		o.Format = gen.FormatGraph
	}
	if o.Format != gen.FormatGraph && o.Format != gen.FormatACS {
		return nil, fmt.Errorf("bench ingest: --format must be %s or %s", gen.FormatGraph, gen.FormatACS)
	}
	if o.Users == 0 {
		o.Users = 2000
	}
	if o.Out == nil {
		o.Out = io.Discard
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Exe == "" {
		exe, err := os.Executable()
		if err != nil {
			return nil, fmt.Errorf("bench ingest: find the callscope binary: %w", err)
		}
		o.Exe = exe
	}
	dir := o.Dir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "callscope-bench-ingest-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	data := filepath.Join(dir, "data")
	if err := os.RemoveAll(data); err != nil {
		return nil, err
	}
	o.Log.Info("generating", "bytes", o.Bytes, "format", o.Format)
	g, err := gen.Generate(ctx, data, gen.Options{Seed: o.Seed, Users: o.Users, End: end, Format: o.Format, Bytes: o.Bytes, Plain: true})
	if err != nil {
		return nil, fmt.Errorf("bench ingest: generate: %w", err)
	}
	input := filepath.Join(data, "graph")
	shape := fmt.Sprintf("%d records, bytes per record p50 %s, p90 %s, p99 %s, max %s; sessions per record p50 %d, p99 %d, max %d",
		g.Records, size(g.RecordBytes.P50), size(g.RecordBytes.P90), size(g.RecordBytes.P99), size(g.RecordBytes.Max),
		g.RecordSessions.P50, g.RecordSessions.P99, g.RecordSessions.Max)
	if o.Format == gen.FormatACS {
		input = filepath.Join(data, "acs")
		shape = fmt.Sprintf("%d log records of %d calls, rows per call p50 %d, p99 %d, max %d",
			g.Records, g.Calls, g.ACSRows.P50, g.ACSRows.P99, g.ACSRows.Max)
	}
	files, total, err := listFiles(input)
	if err != nil {
		return nil, err
	}
	res := &Result{Bytes: total}
	fmt.Fprintf(o.Out, "data: %.1f MB of %s JSON lines in %d files: %s\n", mb(total), o.Format, len(files), shape)

	o.Log.Info("anchor: encoding/json into map[string]any on one core")
	anchor, records, err := decodeNaively(files)
	if err != nil {
		return nil, err
	}
	res.Records, res.AnchorMBs = records, mb(total)/anchor.Seconds()
	fmt.Fprintf(o.Out, "anchor: encoding/json into map[string]any, one core: %.1f MB/s (%.2f s)\n", res.AnchorMBs, anchor.Seconds())

	db := o.Store
	if db == "" {
		db = filepath.Join(dir, "bench.db")
		for _, suffix := range []string{"", ".wal", ".people"} {
			os.Remove(db + suffix)
		}
	}
	for i, run := range []*Run{&res.First, &res.Again} {
		o.Log.Info("ingesting", "run", i+1)
		r, err := ingest(ctx, o, db, input, total)
		if err != nil {
			return nil, err
		}
		if i == 0 && r.Unchanged > 0 {
			return nil, fmt.Errorf("bench ingest: the store %s was not empty (%d records found unchanged): give an empty one", db, r.Unchanged)
		}
		*run = r
		label := "ingest"
		if i == 1 {
			label = "again"
		}
		fmt.Fprintf(o.Out, "%s: %.1f MB/s, %.0f records/s, %.2f s, peak RSS %.0f MiB\n",
			label, r.MBPerSec, float64(r.Records)/r.Seconds, r.Seconds, float64(r.PeakRSS)/(1<<20))
	}
	if o.Store == "" {
		if info, err := os.Stat(db); err == nil {
			fmt.Fprintf(o.Out, "store: %.1f MB\n", mb(info.Size()))
		}
	} else {
		fmt.Fprintln(o.Out, "store: a database server, whose memory and CPU are not counted above")
	}
	res.Ratio = res.First.MBPerSec / res.AnchorMBs
	fmt.Fprintf(o.Out, "ratio=%.3f\n", res.Ratio)
	return res, nil
}

// ingest runs `callscope ingest --json` on input and reads its figures.
func ingest(ctx context.Context, o Options, db, input string, total int64) (Run, error) {
	cmd := exec.CommandContext(ctx, o.Exe, "ingest", "--store", db, "--tenant", "bench", "--json", input)
	cmd.Env = o.Env
	cmd.Stderr = os.Stderr
	start := time.Now()
	out, err := cmd.Output()
	elapsed := time.Since(start)
	if err != nil {
		return Run{}, fmt.Errorf("bench ingest: %s ingest: %w", o.Exe, err)
	}
	var sum struct {
		Records   int   `json:"records"`
		Unchanged int   `json:"unchanged"`
		Rejected  []any `json:"rejected"`
	}
	if err := json.Unmarshal(out, &sum); err != nil {
		return Run{}, fmt.Errorf("bench ingest: read the summary: %w", err)
	}
	if len(sum.Rejected) > 0 {
		return Run{}, fmt.Errorf("bench ingest: %d generated records were rejected: %v", len(sum.Rejected), sum.Rejected[0])
	}
	r := Run{Seconds: elapsed.Seconds(), MBPerSec: mb(total) / elapsed.Seconds(), Records: sum.Records, Unchanged: sum.Unchanged}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.PeakRSS = ru.Maxrss << 10 // KiB on Linux
	}
	return r, nil
}

// decodeNaively is the anchor: every line of every file decoded with
// encoding/json into map[string]any, on one core, the files read from
// the page cache as ingest will read them.
func decodeNaively(files []string) (time.Duration, int, error) {
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	records := 0
	start := time.Now()
	for _, p := range files {
		f, err := os.Open(p)
		if err != nil {
			return 0, 0, err
		}
		br := bufio.NewReaderSize(f, 1<<20)
		for {
			line, err := br.ReadBytes('\n')
			if len(line) > 1 {
				var m map[string]any
				if jerr := json.Unmarshal(line, &m); jerr != nil {
					f.Close()
					return 0, 0, fmt.Errorf("bench ingest: %s: %w", p, jerr)
				}
				records++
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				f.Close()
				return 0, 0, err
			}
		}
		f.Close()
	}
	return time.Since(start), records, nil
}

func listFiles(root string) ([]string, int64, error) {
	var files []string
	var total int64
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		files = append(files, p)
		total += info.Size()
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("bench ingest: list the data: %w", err)
	}
	return files, total, nil
}

func mb(n int64) float64 { return float64(n) / 1e6 }

func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.2f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
