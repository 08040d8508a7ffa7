package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
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
}

// maxLine bounds a JSON-lines line. A longer line is reported and
// skipped rather than read into memory whole.
const maxLine = 256 << 20

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
// object, or several objects one after another.
func readElements(r io.Reader, fn func(element) error) error {
	br := bufio.NewReaderSize(r, 1<<20)
	skipped, err := skipSpace(br)
	if err == io.EOF {
		return nil
	}
	if err != nil {
		return err
	}
	if isJSONLines(br) {
		return readLines(br, skipped, fn)
	}
	return readDocument(br, skipped, fn)
}

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

// isJSONLines reports whether the input is JSON lines: its first line is
// a complete JSON object by itself, or (when the first line is broken)
// the second one is. A pretty-printed document's first line never is.
func isJSONLines(br *bufio.Reader) bool {
	buf, _ := br.Peek(br.Size())
	if len(buf) == 0 || buf[0] != '{' {
		return false
	}
	first, rest, found := bytes.Cut(buf, []byte("\n"))
	if !found {
		// One line, or a first line longer than the buffer: read it as a
		// document, which handles a single object of any size.
		return false
	}
	if json.Valid(first) {
		return true
	}
	if t := bytes.TrimSpace(first); len(t) <= 1 {
		return false
	}
	second, _, found := bytes.Cut(rest, []byte("\n"))
	second = bytes.TrimSpace(second)
	return found && len(second) > 0 && second[0] == '{' && json.Valid(second)
}

func readLines(br *bufio.Reader, startLine int, fn func(element) error) error {
	line := startLine
	for {
		text, tooLong, err := readLine(br)
		if len(text) == 0 && !tooLong && err == io.EOF {
			return nil
		}
		line++
		t := bytes.TrimSpace(text)
		switch {
		case tooLong:
			if ferr := fn(element{line: line, err: fmt.Errorf("line longer than %d MiB", maxLine>>20)}); ferr != nil {
				return ferr
			}
		case len(t) == 0:
		case !json.Valid(t):
			if ferr := fn(element{line: line, raw: t, err: syntaxProblem(t)}); ferr != nil {
				return ferr
			}
		default:
			if ferr := fn(element{line: line, raw: t}); ferr != nil {
				return ferr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return &fileError{line: line, err: err}
		}
	}
}

// readLine reads one line without its newline; a line over maxLine is
// consumed and reported as too long instead of being kept.
func readLine(br *bufio.Reader) ([]byte, bool, error) {
	var out []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(out)+len(chunk) > maxLine {
			for err == bufio.ErrBufferFull {
				_, err = br.ReadSlice('\n')
			}
			return nil, true, err
		}
		out = append(out, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		return bytes.TrimSuffix(out, []byte("\n")), false, err
	}
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

func readDocument(br *bufio.Reader, startLine int, fn func(element) error) error {
	lt := &lineTracker{r: br, linesDone: startLine}
	dec := json.NewDecoder(lt)
	fail := func(err error) error {
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
		if err := fn(element{raw: raw, line: lt.LineAt(start), listContext: listContext}); err != nil {
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
