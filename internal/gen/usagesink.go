package gen

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// usagePageSize is how many rows a page of getPstnCalls or
// getDirectRoutingCalls holds.
const usagePageSize = 1000

// usageSink writes one usage log as a collector saves it: one file per
// page of the Graph function's response ({"@odata.context", "@odata.count",
// "value", "@odata.nextLink" unless it is the last}), one line each. Only
// the page being filled is in memory.
type usageSink struct {
	dir      string
	name     string // file name prefix, the function's name
	context  string // @odata.context
	link     string // the function's URL, for @odata.nextLink
	pageSize int
	files    *[]string

	page  []byte // the page's rows, comma-separated
	n     int    // rows on the page
	pages int    // pages written
	rows  int    // rows added, all pages
}

// newUsageSink returns the sink of a usage log whose rows are of type
// rowType, returned by function over the window [from, to).
func newUsageSink(dir, function, rowType string, from, to time.Time, files *[]string) *usageSink {
	const graph = "https://graph.microsoft.com/beta/"
	return &usageSink{
		dir: dir, name: function, pageSize: usagePageSize, files: files,
		context: graph + "$metadata#Collection(microsoft.graph.callRecords." + rowType + ")",
		link: graph + "communications/callRecords/" + function + "(fromDateTime=" + from.Format(time.DateOnly) +
			",toDateTime=" + to.Format(time.DateOnly) + ")",
	}
}

// add appends a row; a full page is written when the next row comes, so
// that only the last page goes without a nextLink.
func (s *usageSink) add(row []byte) error {
	if s.n == s.pageSize {
		if err := s.flush(true); err != nil {
			return err
		}
	}
	if s.n > 0 {
		s.page = append(s.page, ',')
	}
	s.page = append(s.page, row...)
	s.n++
	s.rows++
	return nil
}

func (s *usageSink) flush(more bool) error {
	s.pages++
	var w jsonw
	w.reserve(len(s.page) + 512)
	w.beginObject()
	w.str("@odata.context", s.context)
	w.int("@odata.count", int64(s.n))
	w.key("value")
	w.b = append(w.b, '[')
	w.b = append(w.b, s.page...)
	w.b = append(w.b, ']')
	w.more = true
	if more {
		w.str("@odata.nextLink", s.link+"?$skip="+strconv.Itoa(s.pages*s.pageSize))
	}
	w.endObject()
	w.b = append(w.b, '\n')
	path := filepath.Join(s.dir, fmt.Sprintf("%s-%04d.json", s.name, s.pages))
	if err := os.WriteFile(path, w.b, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	*s.files = append(*s.files, path)
	s.page, s.n = s.page[:0], 0
	return nil
}

// close writes the last page, if any row is on it.
func (s *usageSink) close() error {
	if s.n == 0 {
		return nil
	}
	return s.flush(false)
}
