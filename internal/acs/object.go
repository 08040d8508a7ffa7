package acs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/callscope/callscope/internal/model"
)

// object is one JSON object with its values still raw. ACS property names
// arrive in more than one casing, so every look-up here ignores case.
type object map[string]json.RawMessage

var bom = []byte("\xef\xbb\xbf")

// parseObject reads exactly one JSON object. Its values are slices of
// raw: what is kept of them beyond decoding is copied (decoder.unknown).
func parseObject(raw []byte) (object, error) {
	b := bytes.TrimSpace(bytes.TrimPrefix(bytes.TrimSpace(raw), bom))
	if len(b) == 0 || b[0] != '{' {
		return nil, ErrNotObject
	}
	if fastDecoding {
		if o, ok := scanObject(b); ok {
			return o, nil
		}
	}
	var o object
	if err := unmarshal(b, &o); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrNotObject, strings.TrimPrefix(err.Error(), "json: "))
	}
	if o == nil {
		o = object{}
	}
	return o, nil
}

// parseMember reads an object that a parse of the record accepted
// already, as a member's value: it is not validated again, but walked
// once (model.EachMember), keys read as encoding/json reads them.
func parseMember(raw []byte) (object, error) {
	if fastDecoding {
		o := object{}
		if model.EachMember(raw, func(key string, val []byte) { o[key] = val }) {
			return o, nil
		}
	}
	return parseObject(raw)
}

// scanObject reads one JSON object's members where they are: the values
// are slices of b, not copies, as decoding into an object made them
// (objects were a third of decoding a record). It reports false for
// anything it might not read as encoding/json does: invalid JSON or
// UTF-8, or more than one value. Those are left to encoding/json, which
// also words their errors. Of names given twice the last value counts,
// as with encoding/json.
func scanObject(b []byte) (object, bool) {
	dec := objectDecoders.Get().(*jsontext.Decoder)
	defer objectDecoders.Put(dec)
	// A bytes.Buffer is read where it is, not copied.
	dec.Reset(bytes.NewBuffer(b), jsontext.AllowDuplicateNames(true))
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return nil, false
	}
	o := object{}
	for dec.PeekKind() == '"' {
		tok, err := dec.ReadToken()
		if err != nil {
			return nil, false
		}
		name := tok.String() // before the next read voids the token
		v, err := dec.ReadValue()
		if err != nil {
			return nil, false
		}
		end := int(dec.InputOffset())
		o[name] = json.RawMessage(b[end-len(v) : end : end])
	}
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '}' {
		return nil, false
	}
	if _, err := dec.ReadToken(); err != io.EOF {
		return nil, false
	}
	return o, true
}

var objectDecoders = sync.Pool{New: func() any { return jsontext.NewDecoder(new(bytes.Buffer)) }}

// find returns the key and value of the first of names the object holds.
// When it holds several spellings of one name, the exact spelling wins,
// then the smallest key, so that the choice never depends on map order.
func (o object) find(names ...string) (string, json.RawMessage, bool) {
	for _, n := range names {
		if v, ok := o[n]; ok {
			return n, v, true
		}
		var hits []string
		for k := range o {
			// A key that matches n without regard to case is as long as
			// n (ASCII), or longer (the Kelvin sign folds to k), never
			// shorter: most keys are told apart by length alone.
			if len(k) >= len(n) && strings.EqualFold(k, n) {
				hits = append(hits, k)
			}
		}
		if len(hits) > 0 {
			sort.Strings(hits)
			return hits[0], o[hits[0]], true
		}
	}
	return "", nil, false
}

// keys returns the object's keys in sorted order.
func (o object) keys() []string {
	ks := make([]string, 0, len(o))
	for k := range o {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// isObject reports whether raw JSON is an object.
func isObject(raw json.RawMessage) bool {
	b := bytes.TrimSpace(raw)
	return len(b) > 0 && b[0] == '{'
}

// isNull reports whether raw JSON is null or absent.
func isNull(raw json.RawMessage) bool {
	b := bytes.TrimSpace(raw)
	return len(b) == 0 || string(b) == "null"
}

// readOpt decodes one value of o into dst, naming the field as it arrived
// (prefix.key) if the value cannot be read.
func readOpt[T string | int64 | float64 | bool | time.Time](o object, prefix string, dst *model.Opt[T], names ...string) (string, error) {
	key, raw, ok := o.find(names...)
	if !ok {
		return "", nil
	}
	if err := unmarshal(raw, dst); err != nil {
		return key, fieldError(prefix, key, err)
	}
	return key, nil
}
