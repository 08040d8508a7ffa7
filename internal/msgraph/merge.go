package msgraph

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// The merger works on raw JSON so that package graph decodes a merged
// record exactly as it would the same record sent in one piece: values it
// does not touch are copied byte for byte, keys and all, in their order
// (duplicates included, since the decoder lets the last one win).

// member is one property of a JSON object: its key unescaped, its key as
// written, and its raw value.
type member struct {
	key    string
	rawKey []byte
	value  json.RawMessage
}

// object is the members of one JSON object, in order.
type object []member

// parseObject splits a JSON object into its members. It fails on
// anything else, including trailing data after the object.
func parseObject(data []byte) (object, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, errors.New("not a JSON object")
	}
	var obj object
	for dec.More() {
		start := dec.InputOffset()
		t, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("reading a key: %w", err)
		}
		key, ok := t.(string)
		if !ok {
			return nil, errors.New("an object key is not a string")
		}
		rawKey := bytes.TrimLeft(data[start:dec.InputOffset()], " \t\r\n,")
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("reading the value of %q: %w", key, err)
		}
		obj = append(obj, member{key: key, rawKey: rawKey, value: v})
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("reading the end of the object: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the JSON object")
	}
	return obj, nil
}

// last returns the value of the last member whose key matches name
// without regard to case, as encoding/json matches struct fields.
func (o object) last(name string) (json.RawMessage, bool) {
	for i := len(o) - 1; i >= 0; i-- {
		if strings.EqualFold(o[i].key, name) {
			return o[i].value, true
		}
	}
	return nil, false
}

// link returns the string value of the last member called name; "" when
// absent or null. A value that is not a string is an error.
func (o object) link(name string) (string, error) {
	v, ok := o.last(name)
	if !ok || isNull(v) {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		return "", fmt.Errorf("%s is not a string", name)
	}
	return s, nil
}

// set replaces the collection name with value: the last member of that
// name (in any case) keeps its place and key, earlier ones go, and a
// missing one is appended.
func (o object) set(name string, value json.RawMessage) object {
	at := -1
	for i := len(o) - 1; i >= 0; i-- {
		if strings.EqualFold(o[i].key, name) {
			at = i
			break
		}
	}
	out := make(object, 0, len(o)+1)
	for i, m := range o {
		switch {
		case i == at:
			m.value = value
			out = append(out, m)
		case strings.EqualFold(m.key, name):
		default:
			out = append(out, m)
		}
	}
	if at < 0 {
		k, _ := json.Marshal(name)
		out = append(out, member{key: name, rawKey: k, value: value})
	}
	return out
}

// without drops every member called name, in any case.
func (o object) without(name string) object {
	out := make(object, 0, len(o))
	for _, m := range o {
		if !strings.EqualFold(m.key, name) {
			out = append(out, m)
		}
	}
	return out
}

// bytes writes the object back.
func (o object) bytes() []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(m.rawKey)
		b.WriteByte(':')
		b.Write(m.value)
	}
	b.WriteByte('}')
	return b.Bytes()
}

// elements splits a JSON array into its raw elements; null is an empty
// list, as a collection Graph sends as null holds nothing.
func elements(v json.RawMessage) ([]json.RawMessage, error) {
	if isNull(v) {
		return nil, nil
	}
	var out []json.RawMessage
	if err := json.Unmarshal(v, &out); err != nil {
		return nil, errors.New("not a JSON array")
	}
	return out, nil
}

// array joins raw elements into a JSON array.
func array(elems []json.RawMessage) json.RawMessage {
	var b bytes.Buffer
	b.WriteByte('[')
	for i, e := range elems {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(e)
	}
	b.WriteByte(']')
	return b.Bytes()
}

func isNull(v json.RawMessage) bool {
	return bytes.Equal(bytes.TrimSpace(v), []byte("null"))
}

// page is one page of a list: its elements and the link to the next.
type page struct {
	values []json.RawMessage
	next   string
}

// parsePage reads a list page, {"value": […], "@odata.nextLink": "…"}.
func parsePage(data []byte) (page, error) {
	obj, err := parseObject(data)
	if err != nil {
		return page{}, err
	}
	return pageOf(obj)
}

// pageOf reads a list page already split into members.
func pageOf(obj object) (page, error) {
	v, ok := obj.last("value")
	if !ok {
		return page{}, errors.New("a list page without value")
	}
	values, err := elements(v)
	if err != nil {
		return page{}, fmt.Errorf("value: %w", err)
	}
	next, err := obj.link("@odata.nextLink")
	if err != nil {
		return page{}, err
	}
	return page{values: values, next: next}, nil
}

// collection is one paged collection of a record: the elements that came
// inline, then those of every page after.
type collection struct {
	name   string // "sessions" or "participants_v2"
	inline json.RawMessage
	pages  []json.RawMessage
	given  bool // the record had the collection at all
}

// mergeRecord writes record back with each collection completed: all
// elements in one array, the collection's nextLink gone, since nothing of
// it is missing any more. A collection the record never had and no page
// added to stays absent, as in a record sent in one piece.
func mergeRecord(record object, cols ...collection) (object, error) {
	out := record
	for _, c := range cols {
		out = out.without(c.name + "@odata.nextLink")
		if !c.given && len(c.pages) == 0 {
			out = out.without(c.name)
			continue
		}
		all, err := elements(c.inline)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.name, err)
		}
		if len(c.pages) == 0 && c.inline != nil {
			// Nothing to add: keep the value as sent (null stays null).
			out = out.set(c.name, c.inline)
			continue
		}
		out = out.set(c.name, array(append(all, c.pages...)))
	}
	return out, nil
}
