package ingest

import (
	"fmt"
	"io"
	"time"
)

// Summary is what one ingest run did. Its JSON form is the contract of
// `callscope ingest --json`.
type Summary struct {
	Files    int `json:"files"`
	Records  int `json:"records"`
	Calls    int `json:"calls"`
	Sessions int `json:"sessions"`
	Streams  int `json:"streams"`

	// What storing did, per record: new, replaced by a newer version,
	// merged with parts of the same version, unchanged, or older than the
	// stored version and skipped.
	Inserted  int `json:"inserted"`
	Replaced  int `json:"replaced"`
	Merged    int `json:"merged"`
	Unchanged int `json:"unchanged"`
	Older     int `json:"older"`

	ACSRecords int `json:"acsRecords"`
	UsageRows  int `json:"usageRows"`

	Rejected []Problem `json:"rejected"`
	// Skipped lists inputs that were read but hold no telemetry (change
	// notifications, subscription requests, files of other kinds in a folder).
	Skipped []Problem `json:"skipped,omitempty"`
	// Incomplete lists records whose sessions or participants continue on
	// pages that were not part of the input.
	Incomplete []Problem `json:"incomplete,omitempty"`
	// Lenient lists records that were stored although they are not
	// strict JSON: a property named twice in one object (the last value
	// is kept, as by encoding/json), or strings that are not UTF-8.
	Lenient []Problem `json:"lenient,omitempty"`

	Elapsed time.Duration `json:"-"`
	Seconds float64       `json:"seconds"`
}

// Problem locates something about one input record or file.
type Problem struct {
	File  string `json:"file"`
	Line  int    `json:"line,omitempty"`
	Error string `json:"error"`
	// Quarantined is where the rejected input was copied, if anywhere.
	Quarantined string `json:"quarantined,omitempty"`
}

func (s *Summary) count(o string) {
	switch o {
	case "inserted":
		s.Inserted++
	case "replaced":
		s.Replaced++
	case "merged":
		s.Merged++
	case "unchanged":
		s.Unchanged++
	case "older":
		s.Older++
	}
}

// WriteText prints the summary for people.
func (s *Summary) WriteText(w io.Writer) {
	fmt.Fprintf(w, "%d files, %d records in %.1fs: %d calls, %d sessions, %d streams\n",
		s.Files, s.Records, s.Elapsed.Seconds(), s.Calls, s.Sessions, s.Streams)
	fmt.Fprintf(w, "stored: %d new, %d replaced by a newer version, %d merged, %d unchanged, %d older versions skipped\n",
		s.Inserted, s.Replaced, s.Merged, s.Unchanged, s.Older)
	if s.ACSRecords > 0 || s.UsageRows > 0 {
		fmt.Fprintf(w, "ACS log records: %d, PSTN/direct-routing/SMS usage rows: %d\n", s.ACSRecords, s.UsageRows)
	}
	for _, p := range s.Incomplete {
		fmt.Fprintf(w, "incomplete: %s\n", p)
	}
	for _, p := range s.Lenient {
		fmt.Fprintf(w, "lenient: %s\n", p)
	}
	for _, p := range s.Skipped {
		fmt.Fprintf(w, "skipped: %s\n", p)
	}
	if len(s.Rejected) > 0 {
		fmt.Fprintf(w, "%d rejected:\n", len(s.Rejected))
		for _, p := range s.Rejected {
			fmt.Fprintf(w, "  %s\n", p)
		}
	}
}

func (p Problem) String() string {
	loc := p.File
	if p.Line > 0 {
		loc = fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	s := loc + ": " + p.Error
	if p.Quarantined != "" {
		s += " (copied to " + p.Quarantined + ")"
	}
	return s
}
