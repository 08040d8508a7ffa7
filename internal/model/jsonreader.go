package model

import (
	"bytes"
	"unicode/utf8"
	"unsafe"
)

// JSONReader reads the JSON the model writes, for the generated decoding
// (DecodeJSONField): values as raw bytes of the input, no tokens built,
// no copies but of what is kept. It checks the grammar of everything it
// reads, and declines (errDeclined) whatever encoding/json might read
// otherwise than it would: a string with control characters or invalid
// UTF-8, a number or literal misspelt, a misplaced separator, anything
// after the value. The caller then reads the input the general way,
// which decides. Nesting deeper than maxJSONDepth is declined too, so
// that no input takes more than bounded stack.
type JSONReader struct {
	b     []byte
	i     int
	depth int
	// input is set for JSON from outside callscope (DecodeJSONInput):
	// members none of a type's fields are kept in its Extra, and every
	// object is checked for a name given twice, which the general way
	// reports.
	input bool
}

const maxJSONDepth = 200

// NewJSONReader reads b.
func NewJSONReader(b []byte) *JSONReader { return &JSONReader{b: b} }

func (r *JSONReader) skipWS() {
	for r.i < len(r.b) {
		switch r.b[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

// PeekKind is the first byte of the next value ('{', '[', '"', 'n',
// 't', 'f', or '0' for any number), of a closing ']' or '}', or 0 at the
// end of the input or before anything else.
func (r *JSONReader) PeekKind() byte {
	r.skipWS()
	if r.i >= len(r.b) {
		return 0
	}
	switch c := r.b[r.i]; c {
	case '{', '[', '"', 'n', 't', 'f', ']', '}':
		return c
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return '0'
	}
	return 0
}

// Begin reads the '{' or '[' that opens an object or array.
func (r *JSONReader) Begin(open byte) error {
	r.skipWS()
	if r.i >= len(r.b) || r.b[r.i] != open || r.depth >= maxJSONDepth {
		return errDeclined
	}
	r.i++
	r.depth++
	return nil
}

// More tells, before the element or member n (from 0) of an array or
// object ending with close, whether there is one: it reads the ','
// before it, or the closing byte after the last.
func (r *JSONReader) More(close byte, n int) (bool, error) {
	r.skipWS()
	if r.i >= len(r.b) {
		return false, errDeclined
	}
	if r.b[r.i] == close {
		r.i++
		r.depth--
		return false, nil
	}
	if n > 0 {
		if r.b[r.i] != ',' {
			return false, errDeclined
		}
		r.i++
		r.skipWS()
		if r.i < len(r.b) && r.b[r.i] == close {
			return false, errDeclined // a trailing comma
		}
	}
	return true, nil
}

// Name reads a member's name and the ':' after it, and returns the name
// quoted, as the input has it (escapes included).
func (r *JSONReader) Name() ([]byte, error) {
	r.skipWS()
	name, _, err := r.str()
	if err != nil {
		return nil, err
	}
	r.skipWS()
	if r.i >= len(r.b) || r.b[r.i] != ':' {
		return nil, errDeclined
	}
	r.i++
	return name, nil
}

// str reads a string of valid UTF-8 without control characters and
// with valid escapes, and returns it quoted, and whether it holds
// escapes. One pass over its bytes: strings are most of what a call's
// JSON holds.
func (r *JSONReader) str() (s []byte, escaped bool, err error) {
	b := r.b
	if r.i >= len(b) || b[r.i] != '"' {
		return nil, false, errDeclined
	}
	for i := r.i + 1; i < len(b); {
		c := b[i]
		if plainByte[c] {
			i++
			continue
		}
		switch {
		case c == '"':
			s = b[r.i : i+1]
			r.i = i + 1
			return s, escaped, nil
		case c == '\\':
			escaped = true
			if i+1 >= len(b) {
				return nil, false, errDeclined
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(b) {
					return nil, false, errDeclined
				}
				for _, h := range b[i+2 : i+6] {
					if !(h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F') {
						return nil, false, errDeclined
					}
				}
				i += 6
			default:
				return nil, false, errDeclined
			}
		case c < 0x20:
			return nil, false, errDeclined
		default:
			ru, size := utf8.DecodeRune(b[i:])
			if ru == utf8.RuneError && size == 1 {
				return nil, false, errDeclined
			}
			i += size
		}
	}
	return nil, false, errDeclined // not closed
}

// plainByte marks the bytes a string holds as they are: ASCII but for
// control characters, '"' and '\\'.
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// Quoted reads a string and returns it quoted, and whether it holds
// escapes.
func (r *JSONReader) Quoted() ([]byte, bool, error) {
	r.skipWS()
	return r.str()
}

// Value reads a value whole and returns its bytes, the input's; a
// string's are quoted.
func (r *JSONReader) Value() ([]byte, error) {
	r.skipWS()
	start := r.i
	if err := r.skip(); err != nil {
		return nil, err
	}
	return r.b[start:r.i], nil
}

// SkipValue reads a value and leaves it.
func (r *JSONReader) SkipValue() error {
	_, err := r.Value()
	return err
}

func (r *JSONReader) skip() error {
	switch r.PeekKind() {
	case '"':
		_, _, err := r.str()
		return err
	case '0':
		return r.number()
	case 'n':
		return r.literal("null")
	case 't':
		return r.literal("true")
	case 'f':
		return r.literal("false")
	case '{':
		if err := r.Begin('{'); err != nil {
			return err
		}
		var names memberNames
		for n := 0; ; n++ {
			more, err := r.More('}', n)
			if err != nil || !more {
				return err
			}
			name, err := r.Name()
			if err != nil {
				return err
			}
			if r.input && !names.add(name) {
				return errDeclined
			}
			if err := r.skip(); err != nil {
				return err
			}
		}
	case '[':
		if err := r.Begin('['); err != nil {
			return err
		}
		for n := 0; ; n++ {
			more, err := r.More(']', n)
			if err != nil || !more {
				return err
			}
			if err := r.skip(); err != nil {
				return err
			}
		}
	}
	return errDeclined
}

func (r *JSONReader) literal(word string) error {
	if !bytes.HasPrefix(r.b[r.i:], []byte(word)) {
		return errDeclined
	}
	r.i += len(word)
	return nil
}

// number reads a number as JSON spells it: -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)?
func (r *JSONReader) number() error {
	b, i := r.b, r.i
	digits := func() bool {
		start := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		return i > start
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case !digits():
		return errDeclined
	}
	if i < len(b) && b[i] == '.' {
		i++
		if !digits() {
			return errDeclined
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if !digits() {
			return errDeclined
		}
	}
	r.i = i
	return nil
}

// End requires the input to end after the value read.
func (r *JSONReader) End() error {
	r.skipWS()
	if r.i != len(r.b) {
		return errDeclined
	}
	return nil
}

// memberNames are the names of one object's members read so far, quoted
// as the input has them, to notice one given twice. Most objects have a
// few members, which a slice finds as fast as a map.
type memberNames struct {
	list []string
	set  map[string]struct{}
}

// add records name and tells whether it is new. A name with escapes is
// refused: it may spell another's name otherwise.
func (m *memberNames) add(name []byte) bool {
	if bytes.IndexByte(name, '\\') >= 0 {
		return false
	}
	// The names are the input's bytes, which outlive the object's read.
	key := unsafe.String(unsafe.SliceData(name), len(name))
	if m.set != nil {
		if _, dup := m.set[key]; dup {
			return false
		}
		m.set[key] = struct{}{}
		return true
	}
	for _, n := range m.list {
		if n == key {
			return false
		}
	}
	m.list = append(m.list, key)
	if len(m.list) > 16 {
		m.set = make(map[string]struct{}, 2*len(m.list))
		for _, n := range m.list {
			m.set[n] = struct{}{}
		}
	}
	return true
}
