package model

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// The functions below are what the generated DecodeJSONField methods
// (json_gen.go) call: the fast path of reading back the canonical JSON
// the store keeps. Each reads one value as encoding/json would, or
// declines with an error, after which DecodeJSON reads the whole input
// the general way: anything unusual (a name spelt otherwise, a null
// where a value is expected, a name given twice, a number a field cannot
// hold) is the general way's to read, or to refuse in its own words.

// JSONFieldDecoder is a type with a generated DecodeJSONField method.
type JSONFieldDecoder interface {
	DecodeJSONField(d *JSONReader, name []byte) (int, error)
}

var errDeclined = errors.New("the fast JSON path declined the input")

// DeclineJSON is the error of a value the fast path leaves to the
// general way.
func DeclineJSON() error { return errDeclined }

// DecodeJSONObject reads an object into v, member by member, each name
// once. Reading JSON from outside (DecodeJSONInput), it keeps the
// members none of v's fields are in v's Extra, as CollectUnknown does:
// but for annotations (names starting with '@' or holding "@odata."),
// which are not properties, @unknown among them.
func DecodeJSONObject(d *JSONReader, v JSONFieldDecoder) error {
	if err := d.Begin('{'); err != nil {
		return err
	}
	var seen uint64
	var unknown memberNames
	var extra Extra
	for n := 0; ; n++ {
		more, err := d.More('}', n)
		if err != nil {
			return err
		}
		if !more {
			break
		}
		name, err := d.Name()
		if err != nil {
			return err
		}
		i := -2
		if !d.input || string(name) != `"@unknown"` {
			if i, err = v.DecodeJSONField(d, name); err != nil {
				return err
			}
		}
		if i == -2 {
			if !d.input {
				if err := d.SkipValue(); err != nil {
					return err
				}
				continue
			}
			if !unknown.add(name) {
				return errDeclined
			}
			raw, err := d.Value()
			if err != nil {
				return err
			}
			if key := name[1 : len(name)-1]; !isAnnotation(key) {
				if extra == nil {
					extra = Extra{}
				}
				extra[string(key)] = bytes.Clone(raw)
			}
			continue
		}
		if i < 0 || seen&(1<<i) != 0 {
			return errDeclined
		}
		seen |= 1 << i
	}
	if d.input {
		if h, ok := v.(interface{ JSONExtra() *Extra }); ok {
			*h.JSONExtra() = extra
		}
	}
	return nil
}

// isAnnotation tells whether a member's name (unquoted) is an
// annotation's rather than a property's.
func isAnnotation(name []byte) bool {
	return len(name) > 0 && name[0] == '@' || bytes.Contains(name, []byte("@odata."))
}

// DecodeJSONInput reads b, one JSON object from outside callscope, into
// v by the generated methods, keeping the members none of a type's
// fields are in its Extra (DecodeJSONObject). It declines whatever the
// general way might read otherwise, a name given twice anywhere
// included; the caller then reads b the general way.
func DecodeJSONInput(b []byte, v JSONFieldDecoder) error {
	d := JSONReader{b: b, input: true}
	if err := DecodeJSONObject(&d, v); err != nil {
		return err
	}
	return d.End()
}

// UnknownJSONName tells whether name, quoted as the input has it, is
// none of names in any case: a member encoding/json would ignore. A
// name with escapes or other than ASCII is not known to be unknown:
// encoding/json folds some letters beyond ASCII.
func UnknownJSONName(name []byte, names []string) bool {
	if len(name) < 2 {
		return false
	}
	name = name[1 : len(name)-1]
	for _, c := range name {
		if c == '\\' || c >= utf8.RuneSelf {
			return false
		}
	}
	for _, n := range names {
		if len(n) == len(name) && strings.EqualFold(n, string(name)) {
			return false
		}
	}
	return true
}

// ReadJSONName reads an object's member name, unquoted, and the ':'
// after it.
func ReadJSONName(d *JSONReader) (string, error) {
	raw, err := d.Name()
	if err != nil {
		return "", err
	}
	var s string
	return s, unquoteInto(raw, &s)
}

// ReadJSONString reads a string.
func ReadJSONString[T ~string](d *JSONReader, p *T) error {
	raw, escaped, err := d.Quoted()
	if err != nil {
		return err
	}
	if !escaped {
		*p = T(raw[1 : len(raw)-1])
		return nil
	}
	return unquoteInto(raw, p)
}

func unquoteInto[T ~string](raw []byte, p *T) error {
	b, err := jsontext.AppendUnquote(nil, raw)
	if err != nil {
		return errDeclined
	}
	*p = T(b)
	return nil
}

// ReadJSONBool reads true or false.
func ReadJSONBool[T ~bool](d *JSONReader, p *T) error {
	raw, err := d.Value()
	if err != nil {
		return err
	}
	switch string(raw) {
	case "true":
		*p = true
	case "false":
		*p = false
	default:
		return errDeclined
	}
	return nil
}

// number reads a number's text, valid while d's input is.
func number(d *JSONReader) (string, error) {
	if d.PeekKind() != '0' {
		return "", errDeclined
	}
	raw, err := d.Value()
	if err != nil {
		return "", err
	}
	return unsafe.String(unsafe.SliceData(raw), len(raw)), nil
}

// ReadJSONSigned reads an integer that fits the field.
func ReadJSONSigned[T ~int | ~int8 | ~int16 | ~int32 | ~int64](d *JSONReader, p *T) error {
	s, err := number(d)
	if err != nil {
		return err
	}
	n, err := strconv.ParseInt(s, 10, int(unsafe.Sizeof(*p))*8)
	if err != nil {
		return errDeclined
	}
	*p = T(n)
	return nil
}

// ReadJSONUnsigned reads a non-negative integer that fits the field.
func ReadJSONUnsigned[T ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64](d *JSONReader, p *T) error {
	s, err := number(d)
	if err != nil {
		return err
	}
	n, err := strconv.ParseUint(s, 10, int(unsafe.Sizeof(*p))*8)
	if err != nil {
		return errDeclined
	}
	*p = T(n)
	return nil
}

// ReadJSONFloat reads a number a float64 holds.
func ReadJSONFloat[T ~float64](d *JSONReader, p *T) error {
	s, err := number(d)
	if err != nil {
		return err
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return errDeclined
	}
	*p = T(f)
	return nil
}

// ReadJSONOpt reads an Opt with its own (lenient) decoding, as the
// general way does.
func ReadJSONOpt[T optValue](d *JSONReader, o *Opt[T]) error {
	raw, err := d.Value()
	if err != nil {
		return err
	}
	return optFrom(raw, o)
}

func optFrom[T optValue](raw []byte, o *Opt[T]) error {
	if err := o.UnmarshalJSON(raw); err != nil {
		return errDeclined
	}
	return nil
}

// ReadJSONOptString reads an Opt of a string or an enum: a string
// without escapes directly, as Opt.UnmarshalJSON would read it (nothing
// its trimming would take off, not "null" in any case), anything else
// through Opt.UnmarshalJSON.
func ReadJSONOptString[T ~string](d *JSONReader, o *Opt[T]) error {
	if d.PeekKind() != '"' {
		return ReadJSONOpt(d, o)
	}
	raw, escaped, err := d.Quoted()
	if err != nil {
		return err
	}
	inner := raw[1 : len(raw)-1]
	if escaped || !untrimmed(inner) || len(inner) == 4 && bytes.EqualFold(inner, []byte("null")) {
		return optFrom(raw, o)
	}
	*o = Opt[T]{state: Present, v: T(inner)}
	return nil
}

// untrimmed tells whether a string's text (valid UTF-8, as the reader
// checks) has no space or other byte at either end that trimming might
// remove.
func untrimmed(b []byte) bool {
	edge := func(c byte) bool { return c > ' ' && c < utf8.RuneSelf }
	return len(b) == 0 || edge(b[0]) && edge(b[len(b)-1])
}

// ReadJSONOther reads any other value the general way.
func ReadJSONOther(d *JSONReader, p any) error {
	raw, err := d.Value()
	if err != nil {
		return err
	}
	if err := jsonv2.Unmarshal(raw, p, FastDecodeOptions); err != nil {
		return errDeclined
	}
	return nil
}

// DecodeJSONWhole reads b, one whole JSON value, with read; a null is
// read without it, as encoding/json leaves a value as it is for null.
func DecodeJSONWhole(b []byte, read func(d *JSONReader) error) error {
	d := JSONReader{b: b}
	var err error
	if d.PeekKind() == 'n' {
		err = d.SkipValue()
	} else {
		err = read(&d)
	}
	if err != nil {
		return err
	}
	return d.End()
}

// ReadJSONObjects reads an array of objects or nulls, calling elem for
// each element: with null true once a null is read, else to read the
// object.
func ReadJSONObjects(d *JSONReader, elem func(null bool) error) error {
	if err := d.Begin('['); err != nil {
		return err
	}
	for n := 0; ; n++ {
		more, err := d.More(']', n)
		if err != nil || !more {
			return err
		}
		switch d.PeekKind() {
		case 'n':
			if err := d.SkipValue(); err != nil {
				return err
			}
			err = elem(true)
		case '{':
			err = elem(false)
		default:
			err = errDeclined
		}
		if err != nil {
			return err
		}
	}
}

// decodeFast reads b, a whole JSON value, into v by the fast path.
func decodeFast(b []byte, v JSONFieldDecoder) error {
	return DecodeJSONWhole(b, func(d *JSONReader) error { return DecodeJSONObject(d, v) })
}
