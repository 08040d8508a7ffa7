package gen

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/graph"
	"github.com/callscope/callscope/internal/model"
)

// graphLine is one line of a Graph file: a call record, or a page of the
// participants_v2 of the record before it.
type graphLine struct {
	line int
	raw  []byte
	// page is set for a participants_v2 page, callID to the call it names.
	page   bool
	callID string
	// participants are the raw elements of a page's value.
	participants []json.RawMessage
	nextLink     string
}

// forEachGraphLine reads a Graph JSON-lines file, gzip or plain by its
// name, and tells pages from records by their @odata.context.
func forEachGraphLine(t testing.TB, path string, fn func(graphLine)) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 64<<20)
	for n := 1; sc.Scan(); n++ {
		l := graphLine{line: n, raw: sc.Bytes()}
		var head struct {
			Context  string            `json:"@odata.context"`
			NextLink string            `json:"@odata.nextLink"`
			Value    []json.RawMessage `json:"value"`
		}
		if err := json.Unmarshal(l.raw, &head); err != nil {
			t.Fatalf("%s:%d: %v", path, n, err)
		}
		if head.Context != "" {
			kind, id := graph.ParseContext(head.Context)
			if kind != graph.ListParticipants || id == "" || head.Value == nil {
				t.Fatalf("%s:%d: a list page that is not of a record's participants_v2: %.200s", path, n, l.raw)
			}
			l.page, l.callID, l.participants, l.nextLink = true, id, head.Value, head.NextLink
		}
		fn(l)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// forEachRecord decodes every record of a Graph file and checks the
// participants_v2 pages after it: each names the record, continues its
// nextLink chain, and holds participants that decode; together they
// hold every participant once. It returns the number of pages.
func forEachRecord(t testing.TB, path string, fn func(*model.Call)) (pages int) {
	t.Helper()
	var last *model.Call
	var link string
	seen := map[string]bool{}
	done := func() {
		if last != nil && link != "" {
			t.Errorf("%s: call %s: participants_v2@odata.nextLink %s leads to no page", path, last.ID, link)
		}
	}
	forEachGraphLine(t, path, func(l graphLine) {
		if !l.page {
			done()
			c, err := graph.DecodeCallRecord(l.raw)
			if err != nil {
				t.Fatalf("%s:%d: %v", path, l.line, err)
			}
			last, link = c, c.ParticipantsNextLink
			clear(seen)
			for _, p := range c.ParticipantsV2 {
				seen[p.ID.Value()] = true
			}
			fn(c)
			return
		}
		pages++
		switch {
		case last == nil || l.callID != last.ID:
			t.Fatalf("%s:%d: a page of call %s, not of the record before it", path, l.line, l.callID)
		case link == "":
			t.Fatalf("%s:%d: a page of call %s that no nextLink announced", path, l.line, l.callID)
		case len(l.participants) == 0 || len(l.participants) > participantsPageSize:
			t.Errorf("%s:%d: %d participants on a page of at most %d", path, l.line, len(l.participants), participantsPageSize)
		}
		for _, raw := range l.participants {
			p, err := graph.DecodeParticipant(raw)
			if err != nil {
				t.Fatalf("%s:%d: %v", path, l.line, err)
			}
			if seen[p.ID.Value()] {
				t.Errorf("%s:%d: call %s: participant %s twice", path, l.line, l.callID, p.ID.Value())
			}
			seen[p.ID.Value()] = true
		}
		link = l.nextLink
	})
	done()
	return pages
}
