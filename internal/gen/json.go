package gen

import (
	"math"
	"strconv"
	"time"
	"unicode/utf8"
)

// jsonw appends one JSON object to a byte slice that is reused from call
// to call. Generated records are written this way rather than through
// encoding/json so that the output is exactly what the sources send
// (Graph's seven-digit timestamps and ISO 8601 durations, ACS's numbers
// as strings and "null" strings), byte-identical per seed, and cheap
// enough that generating is never the slow part of a benchmark.
type jsonw struct {
	b    []byte
	more bool // a value precedes: the next key or element needs a comma
}

func (w *jsonw) reset() {
	w.b = w.b[:0]
	w.more = false
}

// reserve makes room for n bytes without copying what is written later.
func (w *jsonw) reserve(n int) {
	if cap(w.b) < n {
		w.b = make([]byte, 0, n)
	}
}

func (w *jsonw) comma() {
	if w.more {
		w.b = append(w.b, ',')
	}
}

// key writes a property name; names are constants of this package and
// need no escaping.
func (w *jsonw) key(k string) {
	w.comma()
	w.b = append(w.b, '"')
	w.b = append(w.b, k...)
	w.b = append(w.b, '"', ':')
	w.more = false
}

func (w *jsonw) beginObject() {
	w.comma()
	w.b = append(w.b, '{')
	w.more = false
}

func (w *jsonw) endObject() {
	w.b = append(w.b, '}')
	w.more = true
}

// object starts the object value of property k.
func (w *jsonw) object(k string) {
	w.key(k)
	w.beginObject()
}

// array starts the array value of property k.
func (w *jsonw) array(k string) {
	w.key(k)
	w.b = append(w.b, '[')
	w.more = false
}

func (w *jsonw) endArray() {
	w.b = append(w.b, ']')
	w.more = true
}

func (w *jsonw) str(k, v string) {
	w.key(k)
	w.b = appendString(w.b, v)
	w.more = true
}

// elem writes a string element of an array.
func (w *jsonw) elem(v string) {
	w.comma()
	w.b = appendString(w.b, v)
	w.more = true
}

func (w *jsonw) null(k string) {
	w.key(k)
	w.b = append(w.b, "null"...)
	w.more = true
}

func (w *jsonw) int(k string, v int64) {
	w.key(k)
	w.b = strconv.AppendInt(w.b, v, 10)
	w.more = true
}

func (w *jsonw) boolean(k string, v bool) {
	w.key(k)
	w.b = strconv.AppendBool(w.b, v)
	w.more = true
}

// float writes v rounded to digits decimals, in its shortest form.
func (w *jsonw) float(k string, v float64, digits int) {
	w.key(k)
	w.b = appendFloat(w.b, v, digits)
	w.more = true
}

// time writes a Graph timestamp: UTC, up to seven fractional digits.
func (w *jsonw) time(k string, t time.Time) {
	w.key(k)
	w.b = append(w.b, '"')
	w.b = t.UTC().Truncate(100*time.Nanosecond).AppendFormat(w.b, time.RFC3339Nano)
	w.b = append(w.b, '"')
	w.more = true
}

// acsTime writes an ACS timestamp: UTC with milliseconds, as the exports do.
func (w *jsonw) acsTime(k string, t time.Time) {
	w.key(k)
	w.b = append(w.b, '"')
	w.b = t.UTC().AppendFormat(w.b, "2006-01-02T15:04:05.000Z")
	w.b = append(w.b, '"')
	w.more = true
}

// duration writes milliseconds as an ISO 8601 duration ("PT0.016S").
func (w *jsonw) duration(k string, ms float64) {
	w.key(k)
	w.b = appendDuration(w.b, ms)
	w.more = true
}

func appendDuration(b []byte, ms float64) []byte {
	n := int64(math.Round(ms))
	if n < 0 {
		n = 0
	}
	b = append(b, `"PT`...)
	b = strconv.AppendInt(b, n/1000, 10)
	if frac := n % 1000; frac != 0 {
		b = append(b, '.')
		digits := []byte{byte('0' + frac/100), byte('0' + frac/10%10), byte('0' + frac%10)}
		for len(digits) > 0 && digits[len(digits)-1] == '0' {
			digits = digits[:len(digits)-1]
		}
		b = append(b, digits...)
	}
	return append(b, `S"`...)
}

func appendFloat(b []byte, v float64, digits int) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return append(b, "null"...)
	}
	p := math.Pow10(digits)
	v = math.Round(v*p) / p
	if v == 0 {
		v = 0 // no "-0"
	}
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}

// appendString writes s as a JSON string. Names carry accents, so UTF-8
// passes through; quotes, backslashes and control characters are escaped.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
			i++
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			i++
		case c < utf8.RuneSelf:
			b = append(b, c)
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				b = append(b, `\ufffd`...)
			} else {
				b = append(b, s[i:i+size]...)
			}
			i += size
		}
	}
	return append(b, '"')
}
