package building

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"unicode/utf8"
)

// maxLine bounds a line. A real row is a few hundred bytes; a longer line
// means the file is not a building file, and the bound keeps the reader's
// memory fixed whatever it is fed.
const maxLine = 64 << 10

// maxInterned bounds the table that shares repeated values (a city or a
// building name repeats on many rows); past it values are just copied.
const maxInterned = 100_000

var (
	utf8BOM    = []byte("\xef\xbb\xbf")
	utf16LEBOM = []byte("\xff\xfe")
	utf16BEBOM = []byte("\xfe\xff")
)

// Parse reads a building file from r and checks it (see the package
// documentation for the format and the rules). name is the file's
// name as the user knows it; every problem is reported against it.
//
// The file is read one line at a time, so a file of a million rows is
// never held as text: memory grows with the rows kept, and values that
// repeat (building, city, country…) are stored once.
//
// A file with problems gives a nil *Map and an *Error listing them all;
// a failure to read gives the reader's error, wrapped. A nil *Map is
// nonetheless usable: it is empty.
func Parse(r io.Reader, name string) (*Map, error) {
	if name == "" {
		name = "building file"
	}
	p := &parser{name: name, intern: map[string]string{}}
	if err := p.read(r); err != nil {
		return nil, err
	}
	if p.dataLines == 0 && len(p.probs.list) == 0 {
		p.probs.add(0, "", "no rows: a building file needs at least one")
	}
	p.checkOverlaps()
	p.checkExpansion()
	if err := p.probs.err(name); err != nil {
		return nil, err
	}
	return newMap(p.rows), nil
}

// parser is the state of one Parse.
type parser struct {
	name  string
	delim byte // ',' or '\t', set by the first data line
	probs problems

	rows      []Building
	dataLines int
	expansion expansion

	buf    []byte   // the current line, unescaped in place
	fields [][]byte // the current line's fields, into buf
	intern map[string]string
}

// read splits r into lines and hands each to line, so that memory holds
// one line at a time whatever the file's size.
func (p *parser) read(r io.Reader) error {
	br := bufio.NewReaderSize(r, maxLine)
	if head, _ := br.Peek(2); bytes.Equal(head, utf16LEBOM) || bytes.Equal(head, utf16BEBOM) {
		p.probs.add(1, "", "the file is UTF-16 (Excel's \"Unicode Text\"): save it as UTF-8, CSV UTF-8 or plain text")
		return nil
	}
	for n := 1; ; n++ {
		line, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			p.probs.add(n, "", fmt.Sprintf("line is longer than %d bytes: not a building file row", maxLine))
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = br.ReadSlice('\n')
			}
		} else if len(line) > 0 {
			p.line(n, line)
		}
		switch {
		case errors.Is(err, io.EOF):
			return nil
		case err != nil:
			return fmt.Errorf("read %s: %w", p.name, err)
		}
	}
}

// line checks line n and keeps its row when its range is valid.
func (p *parser) line(n int, raw []byte) {
	if n == 1 {
		raw = bytes.TrimPrefix(raw, utf8BOM)
	}
	raw = bytes.TrimSuffix(raw, []byte("\n"))
	raw = bytes.TrimSuffix(raw, []byte("\r"))
	if len(bytes.TrimSpace(raw)) == 0 {
		return
	}
	p.dataLines++
	if p.delim == 0 {
		p.delim = detectDelimiter(raw)
	}
	p.buf = append(p.buf[:0], raw...)
	fields, col, msg := split(p.fields[:0], p.buf, p.delim)
	p.fields = fields
	if msg != "" {
		p.probs.add(n, columnName(col), msg)
		return
	}
	if p.dataLines == 1 && looksLikeHeader(fields) {
		p.probs.add(n, "", "looks like a header row ("+headerSample(fields)+"): the file must have no header, CQD reads the first line as data; delete it")
		return
	}
	if allEmpty(fields) {
		p.probs.add(n, "", "empty row (delimiters only): delete it")
		return
	}
	if len(fields) != numColumns {
		p.probs.add(n, "", p.columnCountMsg(fields))
		return
	}
	for i, f := range fields {
		switch {
		case !utf8.Valid(f):
			p.probs.add(n, columns[i], "not valid UTF-8: save the file as UTF-8")
			return
		case bytes.IndexByte(f, '\r') >= 0:
			// Write could not give it back, and CQD would likely see
			// a line break.
			p.probs.add(n, columns[i], "holds a carriage return (CR): a value cannot span lines")
			return
		}
	}
	if b, ok := p.row(n, fields); ok {
		p.keep(b)
	}
}

// detectDelimiter: the first data line decides. The delimiter that cuts
// it into exactly 15 columns wins, TAB first; failing both (the row is
// wrong either way), a TAB outside quotes makes the file TSV. Counting
// columns keeps a CSV whose first row has a TAB or a stray quote in a
// value from being read as TSV, and the other way round.
func detectDelimiter(line []byte) byte {
	for _, d := range []byte{'\t', ','} {
		if bytes.IndexByte(line, d) < 0 {
			continue
		}
		fields, _, msg := split(nil, bytes.Clone(line), d)
		if msg == "" && len(fields) == numColumns {
			return d
		}
	}
	quoted := false
	for _, c := range line {
		switch {
		case c == '"':
			quoted = !quoted
		case c == '\t' && !quoted:
			return '\t'
		}
	}
	return ','
}

// split cuts b into fields at delim, unquoting quoted fields in place
// (the unquoted text is never longer). Unquoted fields are trimmed of
// surrounding white space; quoted ones keep what is inside the quotes. On
// a quoting error it returns the column and a message.
func split(fields [][]byte, b []byte, delim byte) ([][]byte, int, string) {
	i := 0
	for col := 0; ; col++ {
		j := i
		for j < len(b) && b[j] != delim && (b[j] == ' ' || b[j] == '\t') {
			j++
		}
		if j == len(b) || b[j] != '"' {
			k := bytes.IndexByte(b[i:], delim)
			if k < 0 {
				return append(fields, bytes.TrimSpace(b[i:])), 0, ""
			}
			fields = append(fields, bytes.TrimSpace(b[i:i+k]))
			i += k + 1
			continue
		}
		start, w, k, closed := j, j, j+1, false
		for k < len(b) {
			if b[k] == '"' {
				if k+1 < len(b) && b[k+1] == '"' {
					b[w] = '"'
					w, k = w+1, k+2
					continue
				}
				closed = true
				k++
				break
			}
			b[w] = b[k]
			w, k = w+1, k+1
		}
		if !closed {
			return fields, col, "quoted value is not closed: a value cannot span lines"
		}
		for k < len(b) && b[k] != delim && (b[k] == ' ' || b[k] == '\t') {
			k++
		}
		fields = append(fields, b[start:w])
		if k == len(b) {
			return fields, 0, ""
		}
		if b[k] != delim {
			return fields, col, "text after the closing quote: want " + delimName(delim) + "; write a quote inside a quoted value as \"\""
		}
		i = k + 1
	}
}

// looksLikeHeader: words where the address, the prefix length and the
// booleans must be ("NetworkIP", "NetworkRange", "InsideCorp"… or names of
// one's own) make a header. Only the columns the row has are looked at, so
// a short header is caught too; a data row always has digits in them.
func looksLikeHeader(fields [][]byte) bool {
	if bytes.EqualFold(fields[0], []byte(columns[colNetworkIP])) {
		return true
	}
	word := func(f []byte) bool {
		return bytes.ContainsFunc(f, func(r rune) bool { return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' }) &&
			!bytes.ContainsFunc(f, func(r rune) bool { return r >= '0' && r <= '9' || r == ':' })
	}
	for _, col := range []int{colNetworkIP, colNetworkRange, colInsideCorp, colExpressRoute, colVPN} {
		if col < len(fields) && !word(fields[col]) {
			return false
		}
	}
	return true
}

func headerSample(fields [][]byte) string {
	s := ""
	for i, f := range fields {
		if i == 3 {
			return s + ", …"
		}
		if i > 0 {
			s += ", "
		}
		s += quote(f)
	}
	return s
}

func allEmpty(fields [][]byte) bool {
	for _, f := range fields {
		if len(f) > 0 {
			return false
		}
	}
	return true
}

func (p *parser) columnCountMsg(fields [][]byte) string {
	sep, format := "commas", "CSV"
	if p.delim == '\t' {
		sep, format = "TABs", "TSV"
	}
	msg := fmt.Sprintf("want %d columns separated by %s, got %d (the file is read as %s, judging by its first row)", numColumns, sep, len(fields), format)
	if len(fields) > numColumns && allEmpty(fields[numColumns:]) {
		msg += "; the extra ones are empty: remove the delimiters at the end of the line"
	}
	if slices.ContainsFunc(fields, func(f []byte) bool { return bytes.IndexByte(f, '\r') >= 0 }) {
		msg += "; the line holds carriage returns: save the file with CRLF or LF line ends, not CR alone"
	}
	return msg
}

func delimName(d byte) string {
	if d == '\t' {
		return "a TAB"
	}
	return "a comma"
}

func columnName(col int) string {
	if col >= 0 && col < numColumns {
		return columns[col]
	}
	return ""
}

// str returns the field as a string, shared with earlier rows of the same
// value.
func (p *parser) str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if s, ok := p.intern[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(p.intern) < maxInterned {
		p.intern[s] = s
	}
	return s
}
