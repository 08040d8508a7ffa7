package gen

import (
	"errors"
	"fmt"
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
	// the versions of one call are never split across files, nor a record
	// and its participants_v2 pages.
	RecordsPerFile int
	// Bytes, when above 0, ends the run early: after the first call with
	// which at least that many bytes of Graph JSON (uncompressed, newlines
	// included) have been written. Calls are never cut, and Users and
	// Days keep their meaning: the lines written are the first ones of
	// the same Options without Bytes. ACS logs, when written too, end
	// where the Graph calls ended; with Format acs, Bytes counts the ACS
	// JSON instead.
	Bytes int64
	// Plain writes the Graph files as plain JSON lines
	// (callrecords-NNNN.jsonl) instead of gzip (callrecords-NNNN.jsonl.gz),
	// for benchmarks that time reading JSON rather than inflating it.
	Plain bool
	// Progress, when set, is called after every call with the number of
	// calls written so far.
	Progress func(calls int)
}

// Result is what Generate wrote. Calls, Sessions and Streams count what
// ingest will store: each call once, with the sessions and streams of
// its last version (Graph) or as assembled from its records (ACS).
type Result struct {
	// Files lists every file written, in the order they were started:
	// buildings.csv, the Graph files and usage pages, then the ACS blobs.
	Files    []string
	Calls    int
	Sessions int
	Streams  int
	// Records counts Graph records (every version) and ACS log records.
	Records int
	// Pages counts the participants_v2 pages written after their records,
	// one a line; they are not in Records.
	Pages int
	// Buildings counts the buildings of the building file, VPN pools
	// included.
	Buildings int
	// GraphBytes and ACSBytes count the JSON written, uncompressed,
	// newlines included.
	GraphBytes int64
	ACSBytes   int64
	// PSTNRows and DirectRoutingRows count the rows of the usage logs
	// (getPstnCalls, getDirectRoutingCalls) under usage/; they are not
	// in Records.
	PSTNRows          int
	DirectRoutingRows int
	// Surveys and MediaStats count the ACS CallSurvey and
	// CallClientMediaStatsTimeSeries records among Records.
	Surveys    int
	MediaStats int

	// The shape of the data: RecordBytes are the bytes of each Graph
	// record (every version, with its participants_v2 pages, as one fetch
	// of it returns), RecordSessions its sessions, ACSRows the log records
	// of each ACS call. Percentiles are exact to within 1.6 %.
	RecordBytes    Percentiles
	RecordSessions Percentiles
	ACSRows        Percentiles
}

// shape collects the distributions of Result while calls are written.
type shape struct {
	recordBytes, recordSessions, acsRows dist
}

func (s *shape) fill(res *Result) {
	res.RecordBytes = s.recordBytes.percentiles()
	res.RecordSessions = s.recordSessions.percentiles()
	res.ACSRows = s.acsRows.percentiles()
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
	case o.Bytes < 0:
		return bad("bytes: expected a positive number (0 for no limit), got %d", o.Bytes)
	}
	return o, nil
}
