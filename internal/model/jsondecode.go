package model

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"sync"
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
	DecodeJSONField(d *jsontext.Decoder, name []byte) (int, error)
}

var errDeclined = errors.New("the fast JSON path declined the input")

// DeclineJSON is the error of a value the fast path leaves to the
// general way.
func DeclineJSON() error { return errDeclined }

// BeginJSON reads the token that opens an array ('[') or object ('{').
func BeginJSON(d *jsontext.Decoder, kind jsontext.Kind) error {
	tok, err := d.ReadToken()
	if err != nil {
		return err
	}
	if tok.Kind() != kind {
		return errDeclined
	}
	return nil
}

// DecodeJSONObject reads an object into v, member by member, each name
// once.
func DecodeJSONObject(d *jsontext.Decoder, v JSONFieldDecoder) error {
	if err := BeginJSON(d, '{'); err != nil {
		return err
	}
	var seen uint64
	for {
		switch d.PeekKind() {
		case '}':
			_, err := d.ReadToken()
			return err
		case '"':
		default:
			return errDeclined
		}
		name, err := d.ReadValue()
		if err != nil {
			return err
		}
		i, err := v.DecodeJSONField(d, name)
		if err != nil {
			return err
		}
		if i < 0 || seen&(1<<i) != 0 {
			return errDeclined
		}
		seen |= 1 << i
	}
}

// ReadJSONName reads an object's member name, unquoted.
func ReadJSONName(d *jsontext.Decoder) (string, error) {
	var s string
	return s, ReadJSONString(d, &s)
}

// ReadJSONString reads a string.
func ReadJSONString[T ~string](d *jsontext.Decoder, p *T) error {
	raw, err := d.ReadValue()
	if err != nil {
		return err
	}
	if len(raw) < 2 || raw[0] != '"' {
		return errDeclined
	}
	if bytes.IndexByte(raw, '\\') < 0 {
		*p = T(raw[1 : len(raw)-1]) // the decoder has checked its UTF-8
		return nil
	}
	b, err := jsontext.AppendUnquote(nil, raw)
	if err != nil {
		return errDeclined
	}
	*p = T(b)
	return nil
}

// ReadJSONBool reads true or false.
func ReadJSONBool[T ~bool](d *jsontext.Decoder, p *T) error {
	raw, err := d.ReadValue()
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

// number reads a number's text, valid while d is not read further.
func number(d *jsontext.Decoder) (string, error) {
	raw, err := d.ReadValue()
	if err != nil {
		return "", err
	}
	if len(raw) == 0 || raw[0] != '-' && (raw[0] < '0' || raw[0] > '9') {
		return "", errDeclined
	}
	return unsafe.String(unsafe.SliceData(raw), len(raw)), nil
}

// ReadJSONSigned reads an integer that fits the field.
func ReadJSONSigned[T ~int | ~int8 | ~int16 | ~int32 | ~int64](d *jsontext.Decoder, p *T) error {
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
func ReadJSONUnsigned[T ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64](d *jsontext.Decoder, p *T) error {
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
func ReadJSONFloat[T ~float64](d *jsontext.Decoder, p *T) error {
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
func ReadJSONOpt[T optValue](d *jsontext.Decoder, o *Opt[T]) error {
	raw, err := d.ReadValue()
	if err != nil {
		return err
	}
	if err := o.UnmarshalJSON(raw); err != nil {
		return errDeclined
	}
	return nil
}

// ReadJSONOptString reads an Opt of a string or an enum: a plain string
// directly, as Opt.UnmarshalJSON would read it (no escapes, nothing its
// trimming would take off, not "null" in any case), anything else
// through Opt.UnmarshalJSON.
func ReadJSONOptString[T ~string](d *jsontext.Decoder, o *Opt[T]) error {
	raw, err := d.ReadValue()
	if err != nil {
		return err
	}
	if n := len(raw); n >= 2 && raw[0] == '"' {
		inner := raw[1 : n-1]
		if plainText(inner) && !(len(inner) == 4 && bytes.EqualFold(inner, []byte("null"))) {
			*o = Opt[T]{state: Present, v: T(inner)}
			return nil
		}
	}
	if err := o.UnmarshalJSON(raw); err != nil {
		return errDeclined
	}
	return nil
}

// plainText tells whether a string's bytes (valid UTF-8, as the decoder
// checks) have no escapes and no space or other byte at either end that
// trimming might remove.
func plainText(b []byte) bool {
	if len(b) == 0 {
		return true
	}
	edge := func(c byte) bool { return c > ' ' && c < utf8.RuneSelf }
	return edge(b[0]) && edge(b[len(b)-1]) && bytes.IndexByte(b, '\\') < 0
}

// ReadJSONOther reads any other value the general way.
func ReadJSONOther(d *jsontext.Decoder, p any) error {
	raw, err := d.ReadValue()
	if err != nil {
		return err
	}
	if err := jsonv2.Unmarshal(raw, p, FastDecodeOptions); err != nil {
		return errDeclined
	}
	return nil
}

// A fastDecoder is a decoder and the buffer it reads, reused: a
// decoder's state is several kilobytes.
type fastDecoder struct {
	buf bytes.Buffer
	dec *jsontext.Decoder
}

var fastDecoders = sync.Pool{New: func() any {
	f := &fastDecoder{}
	// Names given twice are found by DecodeJSONObject, for the
	// members it reads, and by the general way for the values it reads:
	// the decoder need not keep every name of every object to tell.
	f.dec = jsontext.NewDecoder(&f.buf, jsontext.AllowDuplicateNames(true))
	return f
}}

// WithJSONDecoder passes read a decoder of b: one that reads b where it
// is (a bytes.Buffer), without copying it.
func WithJSONDecoder(b []byte, read func(d *jsontext.Decoder) error) error {
	f := fastDecoders.Get().(*fastDecoder)
	f.buf = *bytes.NewBuffer(b)
	f.dec.Reset(&f.buf)
	err := read(f.dec)
	f.buf = bytes.Buffer{} // let go of b
	f.dec.Reset(&f.buf)
	fastDecoders.Put(f)
	return err
}

// decodeFast reads b, a whole JSON value, into v by the fast path: a
// null leaves v as it is, as encoding/json does.
func decodeFast(b []byte, v JSONFieldDecoder) error {
	return WithJSONDecoder(b, func(d *jsontext.Decoder) error {
		var err error
		if d.PeekKind() == 'n' {
			err = d.SkipValue()
		} else {
			err = DecodeJSONObject(d, v)
		}
		if err != nil {
			return err
		}
		return EndJSON(d)
	})
}

// EndJSON requires the input to end after the value read.
func EndJSON(d *jsontext.Decoder) error {
	if _, err := d.ReadToken(); err != io.EOF {
		return errDeclined // more than one value, or not JSON
	}
	return nil
}
