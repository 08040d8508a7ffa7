package model

import (
	"bytes"
	"encoding/json"
	"reflect"
	"runtime"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// canonicalOptions are encoding/json's own semantics (HTML and
// line-separator escapes, omitempty as it reads it, sorted map keys) in
// the faster engine.
var canonicalOptions = jsonv1.DefaultOptionsV1()

// replacementChar is U+FFFD in UTF-8: what both engines put for invalid
// UTF-8, encoding/json escaped and the faster engine not.
var replacementChar = []byte("\uFFFD")

// A canonicalBuffer is an encoder and the buffer it writes to, reused:
// a meeting's canonical JSON is megabytes, and growing a new buffer to
// that size for every record cost as much as encoding it. A few are
// kept, one per core, in a free list that the collector does not empty
// as it empties a sync.Pool; each keeps at most keptBuffer bytes.
type canonicalBuffer struct {
	out sink
	enc *jsontext.Encoder
}

// sink is where the encoder flushes. Not a bytes.Buffer: the encoder
// takes a bytes.Buffer's spare capacity as its own and grows it anew
// for each value, which cleared megabytes of fresh memory per meeting.
type sink struct{ b []byte }

func (s *sink) Write(p []byte) (int, error) {
	s.b = append(s.b, p...)
	return len(p), nil
}

const keptBuffer = 4 << 20

var canonicalBuffers = make(chan *canonicalBuffer, runtime.GOMAXPROCS(0))

func getCanonicalBuffer() *canonicalBuffer {
	select {
	case b := <-canonicalBuffers:
		return b
	default:
		b := &canonicalBuffer{}
		b.enc = jsontext.NewEncoder(&b.out, canonicalOptions)
		return b
	}
}

func putCanonicalBuffer(b *canonicalBuffer) {
	if cap(b.out.b) > keptBuffer {
		return
	}
	select {
	case canonicalBuffers <- b:
	default:
	}
}

// WithCanonical passes use the canonical JSON of v, a call or a part of
// one: exactly what encoding/json.Marshal writes
// (TestMarshalCanonicalAsEncodingJSON and FuzzMarshalCanonical hold the
// two to the same bytes). The model's types are written by generated
// code (json_gen.go), about four times faster; other values by a faster
// engine than encoding/json, at about twice its speed. A call's canonical
// JSON is hashed to tell unchanged content and is what the store keeps,
// so the bytes must not depend on which engine wrote them; encoding
// every record again was the largest single cost of ingesting it after
// decoding. The bytes are valid only until use returns. For other
// values, the rare one holding U+FFFD, perhaps for invalid UTF-8, is
// left to encoding/json, whose escaping of invalid bytes the faster
// engine does not copy.
func WithCanonical(v any, use func([]byte) error) error {
	b := getCanonicalBuffer()
	defer putCanonicalBuffer(b)
	if a, ok := appender(v); ok {
		// The generated encoders write encoding/json's bytes, invalid
		// UTF-8 included; an error (a NaN where encoding/json refuses
		// one) is worded by encoding/json below.
		out, err := a.AppendJSON(b.out.b[:0])
		b.out.b = out
		if err == nil {
			return use(out)
		}
	}
	b.out.b = b.out.b[:0]
	b.enc.Reset(&b.out, canonicalOptions)
	err := jsonv2.MarshalEncode(b.enc, v, canonicalOptions)
	out := bytes.TrimSuffix(b.out.b, []byte{'\n'}) // the encoder ends each value with one
	if err != nil || bytes.Contains(out, replacementChar) {
		slow, err := json.Marshal(v)
		if err != nil {
			return err
		}
		return use(slow)
	}
	return use(out)
}

// appender is v's generated encoder: its own, or, for a struct value
// whose pointer has one, a copy's.
func appender(v any) (JSONAppender, bool) {
	if a, ok := v.(JSONAppender); ok {
		return a, true
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Struct || !reflect.PointerTo(rv.Type()).Implements(jsonAppenderType) {
		return nil, false
	}
	p := reflect.New(rv.Type())
	p.Elem().Set(rv)
	return p.Interface().(JSONAppender), true
}

var jsonAppenderType = reflect.TypeFor[JSONAppender]()

// MarshalCanonical returns the canonical JSON of v (WithCanonical).
func MarshalCanonical(v any) ([]byte, error) {
	var out []byte
	err := WithCanonical(v, func(b []byte) error {
		out = bytes.Clone(b)
		return nil
	})
	return out, err
}
