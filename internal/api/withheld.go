package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/model"
)

// withheldSuffix names the property that stands in for a withheld one.
const withheldSuffix = "Withheld"

// markWithheld rewrites a JSON document so that no property is null or
// carries one of the values Microsoft uses to withhold data: every
// member whose value is null, or a string that is empty, blank, "null"
// or "Redacted" (in any case), becomes "<name>Withheld": true. It covers
// both what Microsoft withheld and what redaction hid from the caller's
// role (access sets such fields to null), so clients have one rule.
// Array elements are left as they are: an element has no name to mark.
//
// src must be valid JSON, as encoding/json writes it; the rewrite is one
// pass over the bytes, with no decoding into maps, since call details
// are the API's hottest path.
func markWithheld(src []byte) ([]byte, error) {
	return appendWithheld(make([]byte, 0, len(src)+len(src)/8), src)
}

// appendWithheld is markWithheld appending to dst.
func appendWithheld(dst, src []byte) ([]byte, error) {
	w := &withheldWriter{src: src, out: dst}
	if err := w.value(); err != nil {
		return nil, err
	}
	w.space()
	if w.i != len(w.src) {
		return nil, errBadJSON
	}
	return w.out, nil
}

var errBadJSON = errors.New("mark withheld values: not valid JSON")

// delimiters end a number or a literal.
const delimiters = ",}]:{[\" \t\n\r"

type withheldWriter struct {
	src []byte
	i   int
	out []byte
}

func (w *withheldWriter) space() {
	for w.i < len(w.src) {
		switch w.src[w.i] {
		case ' ', '\t', '\n', '\r':
			w.i++
		default:
			return
		}
	}
}

func (w *withheldWriter) value() error {
	w.space()
	if w.i >= len(w.src) {
		return errBadJSON
	}
	switch w.src[w.i] {
	case '{':
		return w.object()
	case '[':
		return w.array()
	case '"':
		s, err := w.stringEnd(w.i)
		if err != nil {
			return err
		}
		w.out = append(w.out, w.src[w.i:s]...)
		w.i = s
		return nil
	}
	// A number, true, false or null: copy to the next delimiter. Its
	// spelling is encoding/json's business; only an empty one is caught.
	start := w.i
	for w.i < len(w.src) && strings.IndexByte(delimiters, w.src[w.i]) < 0 {
		w.i++
	}
	if w.i == start {
		return errBadJSON
	}
	w.out = append(w.out, w.src[start:w.i]...)
	return nil
}

func (w *withheldWriter) array() error {
	w.out = append(w.out, '[')
	w.i++
	w.space()
	if w.i < len(w.src) && w.src[w.i] == ']' {
		w.i++
		w.out = append(w.out, ']')
		return nil
	}
	for {
		if err := w.value(); err != nil {
			return err
		}
		w.space()
		if w.i >= len(w.src) {
			return errBadJSON
		}
		switch w.src[w.i] {
		case ',':
			w.out = append(w.out, ',')
			w.i++
		case ']':
			w.out = append(w.out, ']')
			w.i++
			return nil
		default:
			return errBadJSON
		}
	}
}

func (w *withheldWriter) object() error {
	w.out = append(w.out, '{')
	w.i++
	w.space()
	if w.i < len(w.src) && w.src[w.i] == '}' {
		w.i++
		w.out = append(w.out, '}')
		return nil
	}
	for {
		w.space()
		if w.i >= len(w.src) || w.src[w.i] != '"' {
			return errBadJSON
		}
		keyEnd, err := w.stringEnd(w.i)
		if err != nil {
			return err
		}
		key := w.src[w.i:keyEnd]
		w.i = keyEnd
		w.space()
		if w.i >= len(w.src) || w.src[w.i] != ':' {
			return errBadJSON
		}
		w.i++
		w.space()
		if end, ok := w.withheldValue(); ok {
			// "name" → "nameWithheld": true
			w.out = append(w.out, key[:len(key)-1]...)
			w.out = append(w.out, withheldSuffix+`":true`...)
			w.i = end
		} else {
			w.out = append(w.out, key...)
			w.out = append(w.out, ':')
			if err := w.value(); err != nil {
				return err
			}
		}
		w.space()
		if w.i >= len(w.src) {
			return errBadJSON
		}
		switch w.src[w.i] {
		case ',':
			w.out = append(w.out, ',')
			w.i++
		case '}':
			w.out = append(w.out, '}')
			w.i++
			return nil
		default:
			return errBadJSON
		}
	}
}

// withheldValue reports whether the value at w.i is withheld, and where
// it ends.
func (w *withheldWriter) withheldValue() (int, bool) {
	rest := w.src[w.i:]
	if bytes.HasPrefix(rest, []byte("null")) {
		return w.i + 4, true
	}
	if len(rest) == 0 || rest[0] != '"' {
		return 0, false
	}
	end, err := w.stringEnd(w.i)
	if err != nil {
		return 0, false
	}
	raw := w.src[w.i:end]
	// Every withheld text is at most "redacted" once trimmed; escapes
	// (a tab written \t) may lengthen it a little. Longer strings, the
	// most, are values.
	if len(raw) > 2+len("redacted")+12 {
		return 0, false
	}
	if bytes.IndexByte(raw, '\\') < 0 {
		// Short and not kept: converted on the stack.
		if access.WithheldText(string(raw[1 : len(raw)-1])) {
			return end, true
		}
		return 0, false
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return 0, false
	}
	if access.WithheldText(s) {
		return end, true
	}
	return 0, false
}

// stringEnd returns the index just past the JSON string starting at i.
func (w *withheldWriter) stringEnd(i int) (int, error) {
	if end, ok := model.StringEnd(w.src, i); ok {
		return end, nil
	}
	return 0, errBadJSON
}
