package model

import (
	"encoding/json"
	"math"
	"strconv"
	"time"
	"unicode/utf8"
)

// The functions below are what the generated AppendJSON methods (of the
// model's types, json_gen.go, and of other packages' that hold them)
// call: each writes what encoding/json writes for the same value inside
// a larger one. Only generated code should need them.

// JSONAppender is a type whose AppendJSON writes encoding/json's bytes
// for it without reflection.
type JSONAppender interface {
	AppendJSON(b []byte) ([]byte, error)
}

const hexDigits = "0123456789abcdef"

// htmlSafe marks the ASCII bytes encoding/json writes as they are, with
// HTML escaping on: all but control characters, '"', '\\', '<', '>'
// and '&' (DEL included, as encoding/json has it).
var htmlSafe = func() (t [utf8.RuneSelf]bool) {
	for c := byte(0x20); c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// AppendJSONString quotes s as encoding/json does: HTML characters,
// U+2028 and U+2029 escaped, invalid UTF-8 as \ufffd.
func AppendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if htmlSafe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// AppendJSONFloat writes a float64 field as encoding/json does, which
// refuses NaN and infinities (an Opt writes them as null instead).
func AppendJSONFloat(b []byte, f float64) ([]byte, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return b, &json.UnsupportedValueError{Str: strconv.FormatFloat(f, 'g', -1, 64)}
	}
	return appendFloatJSON(b, f), nil
}

// AppendTime writes a time.Time as its MarshalJSON does: RFC 3339 with
// nanoseconds, in the time's own zone. What RFC 3339 cannot hold (a year
// of other than four digits, a zone of 24 hours or more) is left to
// encoding/json, which refuses it.
func AppendTime(b []byte, t time.Time) ([]byte, error) {
	n := len(b)
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	if len(b) < n+6 || b[n+5] != '-' || !rfc3339Zone(b) {
		return AppendMarshaled(b[:n], t)
	}
	return append(b, '"'), nil
}

// rfc3339Zone tells whether the zone that ends b is one RFC 3339 holds:
// Z, or ±hh:mm with no seconds and fewer than 24 hours.
func rfc3339Zone(b []byte) bool {
	if b[len(b)-1] == 'Z' {
		return true
	}
	if len(b) < 6 {
		return false
	}
	sign, h := b[len(b)-6], b[len(b)-5:len(b)-3]
	return (sign == '+' || sign == '-') && (h[0] < '2' || h[0] == '2' && h[1] < '4')
}

// AppendMarshaled is encoding/json's own encoding of what p points to,
// for the rare values the generated code leaves to it.
func AppendMarshaled(b []byte, p any) ([]byte, error) {
	j, err := json.Marshal(p)
	if err != nil {
		return b, err
	}
	return append(b, j...), nil
}

// The AppendOpt functions write what Opt.MarshalJSON writes.

// AppendOptString writes a string's or an enum's Opt.
func AppendOptString[T ~string](b []byte, o *Opt[T]) []byte {
	if o.state != Present {
		return append(b, "null"...)
	}
	return AppendJSONString(b, string(o.v))
}

// AppendOptInt writes an integer's Opt.
func AppendOptInt(b []byte, o *Opt[int64]) []byte {
	if o.state != Present {
		return append(b, "null"...)
	}
	return strconv.AppendInt(b, o.v, 10)
}

// AppendOptFloat writes a number's Opt: null for NaN and infinities.
func AppendOptFloat(b []byte, o *Opt[float64]) []byte {
	if o.state != Present {
		return append(b, "null"...)
	}
	return appendFloatJSON(b, o.v)
}

// AppendOptBool writes a boolean's Opt.
func AppendOptBool(b []byte, o *Opt[bool]) []byte {
	if o.state != Present {
		return append(b, "null"...)
	}
	return strconv.AppendBool(b, o.v)
}

// AppendOptTime writes a timestamp's Opt, in UTC; its text never needs
// escaping.
func AppendOptTime(b []byte, o *Opt[time.Time]) []byte {
	if o.state != Present {
		return append(b, "null"...)
	}
	b = append(b, '"')
	return append(o.v.UTC().AppendFormat(b, time.RFC3339Nano), '"')
}

// AppendOptDuration writes a duration's Opt in ISO 8601.
func AppendOptDuration(b []byte, o *Opt[Duration]) []byte {
	if o.state != Present {
		return append(b, "null"...)
	}
	b = append(b, '"')
	return append(o.v.AppendISO(b), '"')
}
