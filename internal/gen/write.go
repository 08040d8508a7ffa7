package gen

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// graphSink writes Graph call records as JSON lines, gzip-compressed
// unless plain, starting a new file before one would exceed perFile
// records. All versions of one call, and their participants_v2 pages,
// go to the same file.
type graphSink struct {
	dir     string
	perFile int
	plain   bool
	files   *[]string

	n       int   // files started
	records int   // records in the current file
	bytes   int64 // uncompressed bytes written, all files
	f       *os.File
	bw      *bufio.Writer
	zw      *gzip.Writer // nil when plain
	out     *asyncWriter // to zw, or to bw when plain
}

// write appends the lines of one call, records of them its records.
func (s *graphSink) write(lines [][]byte, records int) error {
	if s.f == nil || s.records > 0 && s.records+records > s.perFile {
		if err := s.rotate(); err != nil {
			return err
		}
	}
	for _, l := range lines {
		if _, err := s.out.Write(l); err != nil {
			return fmt.Errorf("write %s: %w", s.f.Name(), err)
		}
		if _, err := s.out.Write(newline); err != nil {
			return fmt.Errorf("write %s: %w", s.f.Name(), err)
		}
		s.bytes += int64(len(l)) + 1
	}
	s.records += records
	return nil
}

var newline = []byte{'\n'}

func (s *graphSink) rotate() error {
	if err := s.close(); err != nil {
		return err
	}
	s.n++
	name := fmt.Sprintf("callrecords-%04d.jsonl.gz", s.n)
	if s.plain {
		name = strings.TrimSuffix(name, ".gz")
	}
	path := filepath.Join(s.dir, name)
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	*s.files = append(*s.files, path)
	s.f, s.records = f, 0
	s.bw = bufio.NewWriterSize(f, 256<<10)
	var to io.Writer = s.bw
	if !s.plain {
		// No name, no time: the bytes depend on the records alone. The
		// fastest level, so that compressing megabyte meetings does not
		// make generating the slow part of a benchmark; JSON this
		// repetitive still shrinks eightfold.
		s.zw, err = gzip.NewWriterLevel(s.bw, gzip.BestSpeed)
		if err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		to = s.zw
	}
	s.out = newAsyncWriter(to)
	return nil
}

func (s *graphSink) close() error {
	if s.f == nil {
		return nil
	}
	f := s.f
	s.f = nil
	err := s.out.Close()
	if s.zw != nil {
		err = errors.Join(err, s.zw.Close())
		s.zw = nil
	}
	err = errors.Join(err, s.bw.Flush(), f.Close())
	if err != nil {
		return fmt.Errorf("write %s: %w", f.Name(), err)
	}
	return nil
}

// graphLines renders calls as the lines of a Graph JSON-lines file into
// buffers reused from call to call.
type graphLines struct {
	// pageSize is participants_v2's page size; 0 keeps every participant
	// inline.
	pageSize int
	bufs     []jsonw
	used     int
	lines    [][]byte
	// sizes holds the bytes of each version rendered by the last render,
	// its record and pages with their newlines.
	sizes []int
}

// render renders versions from to c.versions of c, each record followed
// by its participants_v2 pages, newest version first when c.reversed.
// The lines are valid until the next render.
func (gl *graphLines) render(c *call, from int) [][]byte {
	gl.lines, gl.sizes, gl.used = gl.lines[:0], gl.sizes[:0], 0
	pages := participantPages(c, gl.pageSize)
	for i := from; i <= c.versions; i++ {
		v := i
		if c.reversed {
			v = c.versions + from - i
		}
		w := gl.next()
		w.reserve(recordEstimate(c))
		graphRecord(w, c, v, gl.pageSize)
		gl.lines = append(gl.lines, w.b)
		size := len(w.b) + 1
		for n := 1; n <= pages; n++ {
			w := gl.next()
			graphParticipantPage(w, c, n, gl.pageSize)
			gl.lines = append(gl.lines, w.b)
			size += len(w.b) + 1
		}
		gl.sizes = append(gl.sizes, size)
	}
	return gl.lines
}

func (gl *graphLines) next() *jsonw {
	if gl.used == len(gl.bufs) {
		gl.bufs = append(gl.bufs, jsonw{})
	}
	gl.used++
	return &gl.bufs[gl.used-1]
}

// recordEstimate is a generous guess of the bytes of c's record, so that
// a meeting of megabytes is rendered into one allocation rather than
// copied through every doubling of its buffer.
func recordEstimate(c *call) int {
	return 4<<10 + 10<<10*len(c.sessions) + 400*len(c.participants)
}

// bigBuffer is the size above which a buffer is let go after its call: a
// large meeting's record of megabytes is built in memory once, not kept
// for the rest of the run.
const bigBuffer = 256 << 10

// release lets go of the buffers the last call made big.
func (gl *graphLines) release() {
	for i := range gl.bufs {
		if cap(gl.bufs[i].b) > bigBuffer {
			gl.bufs[i].b = nil
		}
	}
	clear(gl.lines)
}

// acsSink writes ACS records the way diagnostic settings export them to
// a storage account: one PT1H.json of JSON lines per category and hour
// (acs-logs §2.3), the hour of the record's time. Only the blobs of the
// last few hours are open: calls come in order of start, and a record is
// never older than its call's start, so older blobs are done.
type acsSink struct {
	root  string // …/acs
	path  string // resourceId=/SUBSCRIPTIONS/…/<name>
	files *[]string
	open  []*blob
}

type blob struct {
	category string
	hour     time.Time
	f        *os.File
	bw       *bufio.Writer
}

func (s *acsSink) write(category string, at time.Time, line []byte) error {
	hour := at.UTC().Truncate(time.Hour)
	var b *blob
	for _, o := range s.open {
		if o.category == category && o.hour.Equal(hour) {
			b = o
			break
		}
	}
	if b == nil {
		dir := filepath.Join(s.root, "insights-logs-"+strings.ToLower(category), s.path,
			hour.Format("y=2006"), hour.Format("m=01"), hour.Format("d=02"), hour.Format("h=15"), "m=00")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		path := filepath.Join(dir, "PT1H.json")
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		*s.files = append(*s.files, path)
		b = &blob{category: category, hour: hour, f: f, bw: bufio.NewWriterSize(f, 32<<10)}
		s.open = append(s.open, b)
	}
	_, err := b.bw.Write(line)
	if err == nil {
		err = b.bw.WriteByte('\n')
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", b.f.Name(), err)
	}
	return nil
}

// retire closes the blobs of hours before t.
func (s *acsSink) retire(t time.Time) error {
	kept := s.open[:0]
	var errs []error
	for _, b := range s.open {
		if b.hour.Add(time.Hour).After(t) {
			kept = append(kept, b)
			continue
		}
		errs = append(errs, b.close())
	}
	clear(s.open[len(kept):])
	s.open = kept
	return errors.Join(errs...)
}

func (s *acsSink) close() error {
	var errs []error
	for _, b := range s.open {
		errs = append(errs, b.close())
	}
	s.open = nil
	return errors.Join(errs...)
}

func (b *blob) close() error {
	if err := errors.Join(b.bw.Flush(), b.f.Close()); err != nil {
		return fmt.Errorf("write %s: %w", b.f.Name(), err)
	}
	return nil
}
