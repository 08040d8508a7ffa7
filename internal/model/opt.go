package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
)

// Presence tells whether a property was absent from the input, present as
// null, or present with a value. Telemetry treats the three differently:
// a stream with no jitter reported is not a stream with zero jitter.
type Presence uint8

const (
	// Absent: the property was not in the input at all.
	Absent Presence = iota
	// Null: the property was present as null (or as the string "null").
	Null
	// Present: the property carried a value.
	Present
)

// Opt is a value that keeps absent, null and zero apart. Its zero value is
// Absent. It decodes leniently, as real exports demand: numbers written as
// strings, the string "null", stray spaces, booleans as 0/1. A value that
// cannot be read as T is an error that names the field.
type Opt[T optValue] struct {
	state Presence
	v     T
}

type optValue interface {
	~string | ~int64 | ~float64 | ~bool | time.Time
}

// Some returns an Opt holding v.
func Some[T optValue](v T) Opt[T] { return Opt[T]{state: Present, v: v} }

// NullOf returns an Opt that was present as null.
func NullOf[T optValue]() Opt[T] { return Opt[T]{state: Null} }

// Get returns the value and whether there is one.
func (o Opt[T]) Get() (T, bool) { return o.v, o.state == Present }

// Value returns the value, or T's zero value when there is none.
func (o Opt[T]) Value() T { return o.v }

// Presence reports whether the value was absent, null or present.
func (o Opt[T]) Presence() Presence { return o.state }

// Valid reports whether a value is present.
func (o Opt[T]) Valid() bool { return o.state == Present }

// IsNull reports whether the property was present as null.
func (o Opt[T]) IsNull() bool { return o.state == Null }

// IsAbsent reports whether the property was absent from the input.
//
// Opt has no IsZero method on purpose. Its zero value is Absent and only
// that, so with the omitzero option both JSON engines leave out exactly
// the absent values by comparing with the zero value. Given a pointer
// method IsZero, the faster engine called it through reflection for
// every field written: a fifth of the time of writing a call's
// canonical JSON.
func (o Opt[T]) IsAbsent() bool { return o.state == Absent }

// Ptr returns a pointer to the value, or nil when there is none.
func (o Opt[T]) Ptr() *T {
	if o.state != Present {
		return nil
	}
	v := o.v
	return &v
}

// String formats the value for humans; null and absent print as such.
func (o Opt[T]) String() string {
	switch o.state {
	case Absent:
		return "absent"
	case Null:
		return "null"
	}
	switch v := any(o.v).(type) {
	case time.Time:
		return v.UTC().Format(time.RFC3339Nano)
	case Duration:
		return v.String()
	}
	return fmt.Sprint(o.v)
}

// MarshalJSON writes null for Null and the canonical form of the value
// otherwise. Absent values are dropped by omitzero before this is called.
func (o Opt[T]) MarshalJSON() ([]byte, error) {
	if o.state != Present {
		return []byte("null"), nil
	}
	switch v := any(o.v).(type) {
	case time.Time:
		return quoteJSON(v.UTC().Format(time.RFC3339Nano))
	case Duration:
		return quoteJSON(v.String())
	case float64:
		return floatJSON(v), nil
	case int64:
		return strconv.AppendInt(nil, v, 10), nil
	case bool:
		return strconv.AppendBool(nil, v), nil
	case string:
		return quoteJSON(v)
	}
	if rv := reflect.ValueOf(o.v); rv.Kind() == reflect.String {
		return quoteJSON(rv.String()) // the enums
	}
	return json.Marshal(o.v)
}

// MarshalJSONTo is MarshalJSON for the faster engine (MarshalCanonical):
// it writes tokens straight into the encoder, which then neither calls
// back through reflection nor re-reads the bytes to check and compact
// them, as it must with what MarshalJSON returns. Strings are escaped
// by the encoder under encoding/json's options, so both write the same.
// The pointer receiver spares boxing a copy of every value to call it;
// the engine takes MarshalJSON where the value is not addressable.
func (o *Opt[T]) MarshalJSONTo(enc *jsontext.Encoder) error {
	if o.state != Present {
		return enc.WriteToken(jsontext.Null)
	}
	// Timestamps and durations need no escaping: they are written
	// quoted, from a buffer on the stack.
	var buf [48]byte
	switch v := any(o.v).(type) {
	case time.Time:
		b := append(buf[:0], '"')
		return enc.WriteValue(append(v.UTC().AppendFormat(b, time.RFC3339Nano), '"'))
	case Duration:
		b := append(buf[:0], '"')
		return enc.WriteValue(append(v.AppendISO(b), '"'))
	case float64:
		return enc.WriteValue(appendFloatJSON(buf[:0], v))
	case int64:
		return enc.WriteToken(jsontext.Int(v))
	case bool:
		return enc.WriteToken(jsontext.Bool(v))
	case string:
		return enc.WriteToken(jsontext.String(v))
	}
	if rv := reflect.ValueOf(o.v); rv.Kind() == reflect.String {
		return enc.WriteToken(jsontext.String(rv.String())) // the enums
	}
	b, err := json.Marshal(o.v)
	if err != nil {
		return err
	}
	return enc.WriteValue(b)
}

// The encoders below write what encoding/json writes for the same value
// (FuzzOptMarshal holds them to it), without its reflection and buffers:
// a call record's canonical JSON holds thousands of Opt values, and
// encoding them was most of the cost of storing a call.

// quoteJSON quotes a string that needs no escaping directly (printable
// ASCII but for '"', '\\' and the HTML characters encoding/json escapes),
// and leaves every other string to encoding/json.
func quoteJSON(s string) ([]byte, error) {
	for i := range len(s) {
		c := s[i]
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return json.Marshal(s)
		}
	}
	b := make([]byte, 0, len(s)+2)
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"'), nil
}

// floatJSON writes a float64 as encoding/json does: null for what JSON
// cannot hold, exponent form only for very small or very large values,
// with a one-digit negative exponent written without its leading zero.
func floatJSON(f float64) []byte { return appendFloatJSON(make([]byte, 0, 24), f) }

func appendFloatJSON(dst []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(dst, "null"...)
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	start := len(dst)
	b := strconv.AppendFloat(dst, f, format, -1, 64)
	if format == 'e' {
		if n := len(b); n-start >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// UnmarshalJSON reads the value leniently; see Opt.
func (o *Opt[T]) UnmarshalJSON(b []byte) error { return o.unmarshalJSON(b, true) }

// unmarshalJSON is UnmarshalJSON; numbers reads unquoted numbers the
// quick way (unmarshalNumber), which FuzzOptNumbers holds to the other.
func (o *Opt[T]) unmarshalJSON(b []byte, numbers bool) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		*o = Opt[T]{state: Null}
		return nil
	}
	var text string
	quoted := len(b) > 0 && b[0] == '"'
	if quoted {
		var err error
		if text, err = unquote(b); err != nil {
			return err
		}
		text = strings.TrimSpace(text)
		if strings.EqualFold(text, "null") {
			*o = Opt[T]{state: Null}
			return nil
		}
	} else {
		if len(b) > 0 && (b[0] == '{' || b[0] == '[') {
			return o.typeError(b)
		}
		if numbers && o.unmarshalNumber(b) {
			return nil
		}
		text = string(b)
	}
	var v T
	if err := parseOptValue(&v, text, quoted); err != nil {
		if err == errEmpty {
			*o = Opt[T]{state: Null}
			return nil
		}
		return o.typeError(b)
	}
	*o = Opt[T]{state: Present, v: v}
	return nil
}

// unmarshalNumber reads an unquoted number into an Opt of a number type,
// as parseOptValue would, and reports whether it did. The bytes go to
// strconv as a string it does not keep, which the compiler makes without
// allocating: a record's metrics are thousands of numbers. Anything else
// (a quoted value, another type, a number out of range) is left to
// parseOptValue.
func (o *Opt[T]) unmarshalNumber(b []byte) bool {
	switch p := any(&o.v).(type) {
	case *int64:
		n, err := strconv.ParseInt(string(b), 10, 64)
		if err != nil {
			return false
		}
		*p, o.state = n, Present
		return true
	case *float64:
		f, err := strconv.ParseFloat(string(b), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return false
		}
		*p, o.state = f, Present
		return true
	}
	return false
}

// unquote reads a JSON string. Most telemetry strings hold no escapes and
// are plain ASCII or valid UTF-8: those are sliced out directly, since a
// call record holds thousands of them and a full decode of each was a
// large part of ingesting one. Anything else goes through encoding/json,
// which decides what escapes and stray bytes read as.
func unquote(b []byte) (string, error) {
	if len(b) >= 2 && b[len(b)-1] == '"' {
		inner := b[1 : len(b)-1]
		plain := true
		for _, c := range inner {
			if c < 0x20 || c == '"' || c == '\\' || c >= utf8.RuneSelf {
				plain = false
				break
			}
		}
		if plain {
			return string(inner), nil
		}
	}
	var text string
	err := json.Unmarshal(b, &text)
	return text, err
}

func (o *Opt[T]) typeError(b []byte) error {
	shown := string(b)
	if len(shown) > 40 {
		cut := 40
		for cut > 0 && !utf8.RuneStart(shown[cut]) {
			cut--
		}
		shown = shown[:cut] + "…"
	}
	return &json.UnmarshalTypeError{Value: shown, Type: reflect.TypeFor[T]()}
}

type emptyError struct{}

func (emptyError) Error() string { return "empty value" }

var errEmpty error = emptyError{}

func parseOptValue[T optValue](dst *T, text string, quoted bool) error {
	switch p := any(dst).(type) {
	case *string:
		*p = text
		return nil
	case *int64:
		if text == "" {
			return errEmpty
		}
		if n, err := strconv.ParseInt(text, 10, 64); err == nil {
			*p = n
			return nil
		}
		f, err := strconv.ParseFloat(text, 64)
		if err != nil || f != math.Trunc(f) || math.Abs(f) >= 1<<63 {
			return fmt.Errorf("not an integer")
		}
		*p = int64(f)
		return nil
	case *float64:
		if text == "" {
			return errEmpty
		}
		f, err := strconv.ParseFloat(text, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Errorf("not a number")
		}
		*p = f
		return nil
	case *bool:
		switch strings.ToLower(text) {
		case "true", "1":
			*p = true
		case "false", "0":
			*p = false
		case "":
			return errEmpty
		default:
			return fmt.Errorf("not a boolean")
		}
		return nil
	case *time.Time:
		if text == "" {
			return errEmpty
		}
		if !quoted {
			return fmt.Errorf("timestamp must be a string")
		}
		t, err := ParseTimestamp(text)
		if err != nil {
			return err
		}
		if t.IsZero() {
			return errEmpty
		}
		*p = t
		return nil
	case *Duration:
		if text == "" {
			return errEmpty
		}
		if !quoted {
			return fmt.Errorf("duration must be an ISO 8601 string")
		}
		d, err := ParseDuration(text)
		if err != nil {
			return err
		}
		*p = d
		return nil
	}
	// Named string types (enums) and other kinds through reflection.
	rv := reflect.ValueOf(dst).Elem()
	switch rv.Kind() {
	case reflect.String:
		rv.SetString(text)
		return nil
	case reflect.Int64:
		var n int64
		if err := parseOptValue(&n, text, quoted); err != nil {
			return err
		}
		rv.SetInt(n)
		return nil
	case reflect.Float64:
		var f float64
		if err := parseOptValue(&f, text, quoted); err != nil {
			return err
		}
		rv.SetFloat(f)
		return nil
	case reflect.Bool:
		var v bool
		if err := parseOptValue(&v, text, quoted); err != nil {
			return err
		}
		rv.SetBool(v)
		return nil
	}
	return fmt.Errorf("unsupported type %T", dst)
}

// ParseTimestamp reads an ISO 8601 timestamp as Graph and ACS write them:
// 0 to 9 fractional digits, Z or an offset, or no zone at all (taken as UTC).
// 0001-01-01T00:00:00Z, Graph's "no value", comes back as the zero time.
func ParseTimestamp(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	layouts := []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999", "2006-01-02"}
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			t = t.UTC()
			if t.Year() <= 1 {
				return time.Time{}, nil
			}
			if t.Year() > 9999 {
				// An offset pushed it past 9999: RFC 3339, the canonical
				// form, could not write it back.
				break
			}
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("not an ISO 8601 timestamp: %q", s)
}
