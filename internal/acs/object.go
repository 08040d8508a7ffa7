package acs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/model"
)

// object is one JSON object with its values still raw. ACS property names
// arrive in more than one casing, so every look-up here ignores case.
type object map[string]json.RawMessage

var bom = []byte("\xef\xbb\xbf")

// parseObject reads exactly one JSON object.
func parseObject(raw []byte) (object, error) {
	b := bytes.TrimSpace(bytes.TrimPrefix(bytes.TrimSpace(raw), bom))
	if len(b) == 0 || b[0] != '{' {
		return nil, ErrNotObject
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
			if strings.EqualFold(k, n) {
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
