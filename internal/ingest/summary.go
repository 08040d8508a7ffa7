package ingest

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/model"
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
	// Of Replaced and Older, those whose other version came in this same
	// input rather than from the store: the records that were older
	// versions of a call (or ACS record) of this input, of which the
	// newest was kept.
	ReplacedInInput int `json:"replacedInInput"`
	OlderInInput    int `json:"olderInInput"`

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

// countOutcome counts one record's outcome; inInput tells that it met
// another version of itself in this run rather than in the store.
func (s *Summary) countOutcome(o model.Outcome, inInput bool) {
	switch o {
	case model.Inserted:
		s.Inserted++
	case model.Replaced:
		s.Replaced++
		if inInput {
			s.ReplacedInInput++
		}
	case model.Merged:
		s.Merged++
	case model.Unchanged:
		s.Unchanged++
	case model.Older:
		s.Older++
		if inInput {
			s.OlderInInput++
		}
	}
}

// WriteText prints the summary for people. Versions met within the
// input are said apart from what replaced or lost to the store's, since
// "replaced" on a first ingest reads as if something had been lost.
func (s *Summary) WriteText(w io.Writer) {
	fmt.Fprintf(w, "%s, %s in %.1fs: %s, %s, %s\n",
		plural(s.Files, "file"), plural(s.Records, "record"), s.Elapsed.Seconds(),
		plural(s.Calls, "call"), plural(s.Sessions, "session"), plural(s.Streams, "stream"))
	var stored []string
	add := func(n int, what string) {
		if n > 0 {
			stored = append(stored, fmt.Sprintf("%d %s", n, what))
		}
	}
	add(s.Inserted, "new")
	add(s.Replaced-s.ReplacedInInput, "replaced an older stored version")
	add(s.Merged, "merged with stored parts of the same version")
	add(s.Unchanged, "unchanged")
	add(s.Older-s.OlderInInput, "older than the stored version, skipped")
	if len(stored) == 0 {
		stored = []string{"nothing"}
	}
	fmt.Fprintf(w, "stored: %s\n", strings.Join(stored, ", "))
	if n := s.ReplacedInInput + s.OlderInInput; n > 0 {
		verb := "were older versions"
		if n == 1 {
			verb = "was an older version"
		}
		fmt.Fprintf(w, "%s %s of calls in this same input; the newest was kept\n", plural(n, "record"), verb)
	}
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
		fmt.Fprintf(w, "%s rejected:\n", plural(len(s.Rejected), "record or file", "records or files"))
		for _, p := range s.Rejected {
			fmt.Fprintf(w, "  %s\n", p)
		}
	}
}

// plural is n and the noun agreeing with it.
func plural(n int, forms ...string) string {
	one, many := forms[0], forms[0]+"s"
	if len(forms) > 1 {
		many = forms[1]
	}
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
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
