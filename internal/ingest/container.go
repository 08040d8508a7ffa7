package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/callscope/callscope/internal/model"
)

// element is one JSON value found in an input file: a record, a list
// element, or a line of JSON lines.
type element struct {
	raw  []byte
	line int
	// listContext is the @odata.context of the enclosing Graph list, when
	// the file is one and it named itself before its elements.
	listContext string
	// err is set when the element could not be read as JSON at all; the
	// rest of the file goes on.
	err error
	// unchecked says raw is a line of JSON lines that was not checked to
	// be JSON: the decoders check as they read, and a second pass over
	// every line cost more than a tenth of ingesting it.
	unchecked bool
}

// DefaultMaxRecordBytes bounds one record (a line of JSON lines, an
// element of a list, a single object) unless Options say otherwise: a
// town hall's call record is a few megabytes, and a larger one would take
// several times its size in memory to decode and store.
const DefaultMaxRecordBytes = 32 << 20

// tooLargeError reports a record over the limit; it is consumed without
// being kept.
type tooLargeError struct {
	size  int64 // bytes read of it, at least limit+1
	limit int
	whole bool // size is the record's whole size
}

func (e *tooLargeError) Error() string {
	size := bytesText(e.size)
	if !e.whole {
		size = "more than " + size
	}
	return fmt.Sprintf("record of %s is larger than the limit of %s (--max-record-bytes)", size, bytesText(int64(e.limit)))
}

// bytesText writes a size for people.
func bytesText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// fileError is an error that ends the reading of a file at a line:
// everything read before it is kept.
type fileError struct {
	line int
	err  error
}

func (e *fileError) Error() string { return e.err.Error() }
func (e *fileError) Unwrap() error { return e.err }

// readElements detects the container format of one (already decompressed)
// input and calls fn for every element in it, streaming: JSON lines, a
// JSON array, a Graph list response ({"value": [...]}, with @odata.context
// and @odata.nextLink), an Event Hubs body ({"records": [...]}), a single
// object, or several objects one after another. No record over limit
// bytes is held in memory.
func readElements(r io.Reader, limit int, fn func(element) error) error {
	return readElementsFrom(bufio.NewReaderSize(r, readBuffer), limit, fn)
}

// readBuffer is the size of an input's read buffer.
const readBuffer = 1 << 20

// readElementsFrom is readElements from a buffered reader: a run reads
// its files through one, reset for each, rather than a megabyte of new
// buffer per file.
func readElementsFrom(br *bufio.Reader, limit int, fn func(element) error) error {
	skipped, err := skipSpace(br)
	if err == io.EOF {
		return nil
	}
	if err != nil {
		return err
	}
	// The format is told by the first line or two, read whole: a JSON
	// lines file whose first record is a large meeting has a first line of
	// megabytes.
	first := readLine(br, limit)
	if first.tooBig != nil || first.err == nil && isRecordLine(first.text) {
		// A first line too large to keep is taken for a record of JSON
		// lines: it is reported, and the lines after it are read.
		return readLines(br, skipped, limit, fn, first)
	}
	if first.err == nil && len(bytes.TrimSpace(first.text)) > 1 {
		second := readLine(br, limit)
		if second.tooBig != nil || second.err == nil && isRecordLine(second.text) {
			return readLines(br, skipped, limit, fn, first, second)
		}
		first.text = append(append(first.text, '\n'), second.text...)
		first.newline, first.err = second.newline, second.err
	}
	// A document: read again from its start.
	rest := io.Reader(br)
	if first.err != nil && first.err != io.EOF {
		rest = errReader{first.err}
	}
	doc := bufio.NewReaderSize(io.MultiReader(bytes.NewReader(first.text), newlineIf(first.newline), rest), 1<<20)
	return readDocument(doc, skipped, limit, fn)
}

// isRecordLine reports whether a line is one JSON object that is not a
// list or Event Hubs body (those are read as documents, element by
// element). A pretty-printed document's first line never is.
func isRecordLine(line []byte) bool {
	t := bytes.TrimSpace(line)
	if len(t) == 0 || t[0] != '{' || !json.Valid(t) {
		return false
	}
	list := false
	model.EachMember(t, func(key string, val []byte) {
		if (key == "value" || key == "records") && len(val) > 0 && val[0] == '[' {
			list = true
		}
	})
	return !list
}

func newlineIf(b bool) io.Reader {
	if b {
		return strings.NewReader("\n")
	}
	return strings.NewReader("")
}

// errReader returns err on every read, after the bytes before it.
type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// skipSpace drops a byte-order mark and leading white space, returning the
// number of newlines dropped.
func skipSpace(br *bufio.Reader) (int, error) {
	if bom, err := br.Peek(3); err == nil && bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	lines := 0
	for {
		b, err := br.ReadByte()
		if err != nil {
			return lines, err
		}
		switch b {
		case '\n':
			lines++
		case ' ', '\t', '\r':
		default:
			return lines, br.UnreadByte()
		}
	}
}

// line is one line read by readLine.
type line struct {
	text    []byte // without its newline
	newline bool   // it ended with one
	tooBig  *tooLargeError
	err     error // io.EOF at the end of the input, or what stopped the reading
}

// readLines calls fn for every line, the lines already read first. Lines
// are not checked to be JSON: the decoders do that.
func readLines(br *bufio.Reader, startLine, limit int, fn func(element) error, read ...line) error {
	n := startLine
	for {
		var l line
		if len(read) > 0 {
			l, read = read[0], read[1:]
		} else {
			l = readLine(br, limit)
		}
		if len(l.text) == 0 && l.tooBig == nil && !l.newline && l.err == io.EOF {
			return nil
		}
		n++
		if l.err != nil && l.err != io.EOF {
			// A line cut short by a failed read is not reported as a
			// record of its own: the failure is.
			return &fileError{line: n, err: fmt.Errorf("reading stopped: %w", l.err)}
		}
		t := bytes.TrimSpace(l.text)
		switch {
		case l.tooBig != nil:
			if ferr := fn(element{line: n, err: l.tooBig}); ferr != nil {
				return ferr
			}
		case len(t) == 0:
		default:
			if ferr := fn(element{line: n, raw: t, unchecked: true}); ferr != nil {
				return ferr
			}
		}
		if l.err == io.EOF {
			return nil
		}
	}
}

// readLine reads one line; a line over limit bytes is consumed and
// reported as too large instead of being kept. A long line is gathered in the reader's chunks and copied once,
// at its exact size, rather than grown by doubling: a few large meetings'
// records would otherwise leave twice their size in garbage.
func readLine(br *bufio.Reader, limit int) line {
	chunk, err := br.ReadSlice('\n')
	if err != bufio.ErrBufferFull && len(chunk) <= limit {
		// The common case: the whole line is in the buffer, and is
		// copied once, since the buffer is reused.
		return finishLine(append(make([]byte, 0, len(chunk)), chunk...), err)
	}
	var chunks [][]byte
	size := int64(0)
	for {
		size += int64(len(chunk))
		if size > int64(limit) {
			chunks = nil
			for err == bufio.ErrBufferFull {
				chunk, err = br.ReadSlice('\n')
				size += int64(len(chunk))
			}
			nl := len(chunk) > 0 && chunk[len(chunk)-1] == '\n'
			if nl {
				size--
			}
			return line{tooBig: &tooLargeError{size: size, limit: limit, whole: err == nil || err == io.EOF}, newline: nl, err: err}
		}
		chunks = append(chunks, append([]byte(nil), chunk...))
		if err != bufio.ErrBufferFull {
			break
		}
		chunk, err = br.ReadSlice('\n')
	}
	out := make([]byte, 0, size)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return finishLine(out, err)
}

// finishLine makes a line of what was read, up to and with its newline.
func finishLine(out []byte, err error) line {
	nl := len(out) > 0 && out[len(out)-1] == '\n'
	if nl {
		out = out[:len(out)-1]
	}
	return line{text: out, newline: nl, err: err}
}

func syntaxProblem(t []byte) error {
	var v any
	err := json.Unmarshal(t, &v)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("not valid JSON at column %d: %s", se.Offset, strings.TrimPrefix(se.Error(), "json: "))
	}
	return errors.New("not valid JSON")
}

func readDocument(br *bufio.Reader, startLine, limit int, fn func(element) error) error {
	lt := &lineTracker{r: br, linesDone: startLine, limit: int64(limit)}
	dec := json.NewDecoder(lt)
	fail := func(err error) error {
		var big *tooLargeError
		if errors.As(err, &big) {
			return &fileError{line: lt.LineAt(lt.mark), err: fmt.Errorf("%w; it is not kept", err)}
		}
		line := lt.LineAt(dec.InputOffset())
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line = lt.LineAt(se.Offset - 1)
			return &fileError{line: line, err: fmt.Errorf("not valid JSON: %s", strings.TrimPrefix(se.Error(), "json: "))}
		}
		if err == io.ErrUnexpectedEOF {
			return &fileError{line: lt.LineAt(lt.offset), err: errors.New("not valid JSON: the file ends inside a value")}
		}
		return &fileError{line: line, err: err}
	}
	for {
		lt.Mark(dec.InputOffset())
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fail(err)
		}
		switch tok {
		case json.Delim('['):
			if err := streamArray(dec, lt, "", fn); err != nil {
				return fail(err)
			}
		case json.Delim('{'):
			start := lt.LineAt(dec.InputOffset() - 1)
			if err := streamObject(dec, lt, start, fn); err != nil {
				var ue userError
				if errors.As(err, &ue) {
					return err
				}
				return fail(err)
			}
		default:
			return &fileError{line: lt.LineAt(dec.InputOffset()), err: fmt.Errorf("expected a JSON object or array, found %v", tok)}
		}
	}
}

// userError wraps an error returned by the element callback so that it
// passes through readDocument untouched.
type userError struct{ err error }

func (e userError) Error() string { return e.err.Error() }
func (e userError) Unwrap() error { return e.err }

func streamArray(dec *json.Decoder, lt *lineTracker, listContext string, fn func(element) error) error {
	for dec.More() {
		lt.Mark(dec.InputOffset())
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		start := dec.InputOffset() - int64(len(raw))
		e := element{raw: raw, line: lt.LineAt(start), listContext: listContext}
		if lt.limit > 0 && int64(len(raw)) > lt.limit {
			// Read whole before the reader's bound was reached (it allows
			// some read-ahead): rejected all the same, and the list goes on.
			e = element{line: e.line, err: &tooLargeError{size: int64(len(raw)), limit: int(lt.limit), whole: true}}
		}
		if err := fn(e); err != nil {
			return userError{err}
		}
	}
	_, err := dec.Token() // ']'
	return err
}

// streamObject reads a top-level object whose '{' was consumed. The lists
// under "value" (Graph) and "records" (Event Hubs) are streamed element by
// element; any other object is one record, kept whole.
func streamObject(dec *json.Decoder, lt *lineTracker, startLine int, fn func(element) error) error {
	var fields []byte
	listContext := ""
	streamed := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		if (key == "value" || key == "records") && nextIsArray(dec) {
			if _, err := dec.Token(); err != nil {
				return err
			}
			if err := streamArray(dec, lt, listContext, fn); err != nil {
				return err
			}
			streamed = true
			continue
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		if key == "@odata.context" {
			json.Unmarshal(raw, &listContext)
		}
		if streamed {
			continue // annotations after a list: nothing to keep
		}
		kb, _ := json.Marshal(key)
		if len(fields) > 0 {
			fields = append(fields, ',')
		}
		fields = append(fields, kb...)
		fields = append(fields, ':')
		fields = append(fields, raw...)
	}
	if _, err := dec.Token(); err != nil { // '}'
		return err
	}
	if streamed {
		return nil
	}
	obj := make([]byte, 0, len(fields)+2)
	obj = append(append(append(obj, '{'), fields...), '}')
	if err := fn(element{raw: obj, line: startLine}); err != nil {
		return userError{err}
	}
	return nil
}

// nextIsArray peeks at the decoder's buffered input for the next value.
func nextIsArray(dec *json.Decoder) bool {
	buf := make([]byte, 64)
	n, _ := dec.Buffered().Read(buf)
	for _, b := range buf[:n] {
		switch b {
		case ' ', '\t', '\r', '\n', ':':
			continue
		case '[':
			return true
		default:
			return false
		}
	}
	return false
}
