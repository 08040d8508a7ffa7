package gen

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// graphSink writes Graph call records as gzip-compressed JSON lines,
// starting a new file before one would exceed perFile records. All
// versions of one call go to the same file.
type graphSink struct {
	dir     string
	perFile int
	files   *[]string

	n     int // files started
	lines int // lines in the current file
	f     *os.File
	bw    *bufio.Writer
	zw    *gzip.Writer
}

// write appends the lines of one call.
func (s *graphSink) write(lines [][]byte) error {
	if s.f == nil || s.lines > 0 && s.lines+len(lines) > s.perFile {
		if err := s.rotate(); err != nil {
			return err
		}
	}
	for _, l := range lines {
		if _, err := s.zw.Write(l); err != nil {
			return fmt.Errorf("write %s: %w", s.f.Name(), err)
		}
		if _, err := s.zw.Write([]byte{'\n'}); err != nil {
			return fmt.Errorf("write %s: %w", s.f.Name(), err)
		}
		s.lines++
	}
	return nil
}

func (s *graphSink) rotate() error {
	if err := s.close(); err != nil {
		return err
	}
	s.n++
	path := filepath.Join(s.dir, fmt.Sprintf("callrecords-%04d.jsonl.gz", s.n))
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	*s.files = append(*s.files, path)
	s.f, s.lines = f, 0
	s.bw = bufio.NewWriterSize(f, 64<<10)
	s.zw = gzip.NewWriter(s.bw) // no name, no time: the bytes depend on the records alone
	return nil
}

func (s *graphSink) close() error {
	if s.f == nil {
		return nil
	}
	f := s.f
	s.f = nil
	err := errors.Join(s.zw.Close(), s.bw.Flush(), f.Close())
	if err != nil {
		return fmt.Errorf("write %s: %w", f.Name(), err)
	}
	return nil
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
