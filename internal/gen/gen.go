package gen

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Output formats.
const (
	// FormatGraph writes Teams calls as Graph call records only.
	FormatGraph = "graph"
	// FormatACS writes Virtual Visits calls as ACS logs only.
	FormatACS = "acs"
	// FormatBoth writes both; the default.
	FormatBoth = "both"
)

// Defaults of Options.
const (
	DefaultUsers          = 200
	DefaultDays           = 30
	DefaultDomain         = "contoso.com"
	DefaultTenantID       = "6c5d3a2e-7b1f-4e8a-9d0c-1f2e3a4b5c6d"
	DefaultRecordsPerFile = 1000
)

// Rates of calls per starter per hour at a weekday's peak: about 2.4 Teams
// calls and meetings started per person per working day, about four
// Virtual Visits calls per member of staff.
const (
	teamsPerHour = 0.29
	acsPerHour   = 0.48
)

// acsResourceID is the ARM id of the Virtual Visits resource, upper-case
// and without the leading slash as in the exports.
const acsResourceID = "SUBSCRIPTIONS/8E1D2C3B-4A5F-4E6D-9C8B-7A6F5E4D3C2B/RESOURCEGROUPS/RG-VIRTUALVISITS/PROVIDERS/MICROSOFT.COMMUNICATION/COMMUNICATIONSERVICES/ACS-VIRTUALVISITS-PROD"

// ErrInvalidOptions is wrapped by Generate's errors about Options, so that
// a command can tell a usage error from a failure to write.
var ErrInvalidOptions = errors.New("invalid options")

// Options say what to generate. The zero value (but for End, which
// defaults to the current hour) generates the defaults.
type Options struct {
	// Seed selects the data set: the same Options give byte-identical files.
	Seed int64
	// Users is the number of people in the organization (at least 2;
	// default 200). Teams Rooms devices come on top, one per building.
	Users int
	// Days is how many days of calls, ending at End (default 30).
	Days int
	// End is the end of the window: calls start in [End-Days, End). The
	// zero value is now, in UTC, truncated to the hour; set it for
	// reproducible output.
	End time.Time
	// Format is FormatGraph, FormatACS or FormatBoth (the default).
	Format string
	// Domain is the organization's domain, of UPNs and DNS suffixes
	// (default contoso.com).
	Domain string
	// TenantID is the organization's Entra tenant id (default
	// DefaultTenantID).
	TenantID string
	// RecordsPerFile bounds the records of one Graph file (default 1000);
	// the versions of one call are never split across files.
	RecordsPerFile int
	// Progress, when set, is called after every call with the number of
	// calls written so far.
	Progress func(calls int)
}

// Result is what Generate wrote. Calls, Sessions and Streams count what
// ingest will store: each call once, with the sessions and streams of
// its last version (Graph) or as assembled from its records (ACS).
type Result struct {
	// Files lists every file written, in the order they were started:
	// buildings.csv, the Graph files, then the ACS blobs.
	Files    []string
	Calls    int
	Sessions int
	Streams  int
	// Records counts Graph records (every version) and ACS log records.
	Records int
	// Buildings counts the buildings of the building file, VPN pools
	// included.
	Buildings int
}

// withDefaults fills in the defaults and checks the options.
func (o Options) withDefaults() (Options, error) {
	bad := func(format string, args ...any) (Options, error) {
		return o, fmt.Errorf("gen: %w: %s", ErrInvalidOptions, fmt.Sprintf(format, args...))
	}
	if o.Users == 0 {
		o.Users = DefaultUsers
	}
	if o.Days == 0 {
		o.Days = DefaultDays
	}
	if o.End.IsZero() {
		o.End = time.Now().UTC().Truncate(time.Hour)
	}
	o.End = o.End.UTC()
	if o.Format == "" {
		o.Format = FormatBoth
	}
	if o.Domain == "" {
		o.Domain = DefaultDomain
	}
	if o.TenantID == "" {
		o.TenantID = DefaultTenantID
	}
	if o.RecordsPerFile == 0 {
		o.RecordsPerFile = DefaultRecordsPerFile
	}
	switch {
	case o.Users < 2:
		return bad("users: expected at least 2, got %d", o.Users)
	case o.Days < 0:
		return bad("days: expected a positive number, got %d", o.Days)
	case !slices.Contains([]string{FormatGraph, FormatACS, FormatBoth}, o.Format):
		return bad("format: expected %q, %q or %q, got %q", FormatGraph, FormatACS, FormatBoth, o.Format)
	case strings.ContainsAny(o.Domain, " ,@/\\\"") || !strings.Contains(o.Domain, "."):
		return bad("domain: expected a DNS name such as contoso.com, got %q", o.Domain)
	case strings.ContainsAny(o.TenantID, " ,\"\\"):
		return bad("tenant id: expected a GUID, got %q", o.TenantID)
	case o.RecordsPerFile < 0:
		return bad("records per file: expected a positive number, got %d", o.RecordsPerFile)
	}
	return o, nil
}

// Generate writes a data set under dir (created if needed):
// buildings.csv, graph/callrecords-NNNN.jsonl.gz and the ACS storage
// export under acs/ (see the package documentation). Files of the same
// names are replaced; other files are left alone, so a directory holding
// an older data set should be emptied first, or ingest reads both.
// Calls are generated and written one at a time, so memory does not grow
// with their number. A cancelled ctx stops it between calls.
func Generate(ctx context.Context, dir string, opts Options) (Result, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return Result{}, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Result{}, fmt.Errorf("gen: %w", err)
	}
	g := newOrg(newRNG(o.Seed, streamOrg), o)
	var res Result
	if err := writeBuildings(dir, g, &res); err != nil {
		return res, fmt.Errorf("gen: %w", err)
	}
	from := o.End.Add(-time.Duration(o.Days) * 24 * time.Hour)
	if o.Format != FormatACS {
		if err := generateGraph(ctx, dir, o, g, from, &res); err != nil {
			return res, fmt.Errorf("gen: %w", err)
		}
	}
	if o.Format != FormatGraph {
		if err := generateACS(ctx, dir, o, g, from, &res); err != nil {
			return res, fmt.Errorf("gen: %w", err)
		}
	}
	return res, nil
}

func writeBuildings(dir string, g *org, res *Result) error {
	path := filepath.Join(dir, "buildings.csv")
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	rows := buildingRows(g.buildings)
	if err := errors.Join(writeBuildingFile(f, rows), f.Close()); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	res.Files = append(res.Files, path)
	seen := map[string]bool{}
	for _, r := range rows {
		seen[r.building] = true
	}
	res.Buildings = len(seen)
	return nil
}

// generateGraph writes the Teams calls as Graph call records.
func generateGraph(ctx context.Context, dir string, o Options, g *org, from time.Time, res *Result) (err error) {
	sink := &graphSink{dir: filepath.Join(dir, "graph"), perFile: o.RecordsPerFile, files: &res.Files}
	if err := os.MkdirAll(sink.dir, 0o755); err != nil {
		return err
	}
	defer func() { err = errors.Join(err, sink.close()) }()
	tg := &teams{r: newRNG(o.Seed, streamGraph), org: g}
	var bufs [3]jsonw
	lines := make([][]byte, 0, len(bufs))
	return walk(ctx, tg.r, from, o.End, g.bySite, teamsPerHour, func(sl slot) error {
		c := tg.call(sl.at, sl.user)
		lines = lines[:0]
		for v := 1; v <= c.versions; v++ {
			graphRecord(&bufs[v-1], c, v)
			lines = append(lines, bufs[v-1].b)
		}
		if c.reversed {
			slices.Reverse(lines)
		}
		if err := sink.write(lines); err != nil {
			return err
		}
		res.Records += len(lines)
		count(res, c, o.Progress)
		return nil
	})
}

// generateACS writes the Virtual Visits calls as ACS logs.
func generateACS(ctx context.Context, dir string, o Options, g *org, from time.Time, res *Result) (err error) {
	sink := &acsSink{root: filepath.Join(dir, "acs"), path: filepath.FromSlash("resourceId=/" + acsResourceID), files: &res.Files}
	defer func() { err = errors.Join(err, sink.close()) }()
	vg := &visits{r: newRNG(o.Seed, streamACS), org: g}
	agents := map[*site][]*user{}
	for _, u := range g.agents {
		agents[u.site] = append(agents[u.site], u)
	}
	aw := &acsWriter{r: vg.r, resource: acsResourceID, emit: func(category string, at time.Time, line []byte) error {
		res.Records++
		return sink.write(category, at, line)
	}}
	return walk(ctx, vg.r, from, o.End, agents, acsPerHour, func(sl slot) error {
		if err := sink.retire(sl.at); err != nil {
			return err
		}
		c := vg.call(sl.at, sl.user)
		if err := aw.call(c); err != nil {
			return err
		}
		count(res, c, o.Progress)
		return nil
	})
}

func count(res *Result, c *call, progress func(int)) {
	sessions, streams := c.counts()
	res.Calls++
	res.Sessions += sessions
	res.Streams += streams
	if progress != nil {
		progress(res.Calls)
	}
}
