package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// withheldSuffix names the member the server writes in place of a
// withheld one.
const withheldSuffix = "Withheld"

// Decode reads an API answer into v, first turning each
// "<name>Withheld": true back into "<name>": null, so that a withheld
// value arrives as a model.Opt null (or a zero string), never as absent:
// a page can then say "withheld" where the server withheld something,
// and "–" where the record had nothing. A member that is itself named
// so, with <name> present too, is left alone.
func Decode(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return fmt.Errorf("decode answer: %w", err)
	}
	unmark(doc)
	raw, err := json.Marshal(doc)
	if err != nil {
		return fmt.Errorf("decode answer: %w", err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("decode answer: %w", err)
	}
	return nil
}

// unmark undoes the server's withheld marks in place.
func unmark(v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if base, ok := strings.CutSuffix(k, withheldSuffix); ok && base != "" && val == true {
				if _, both := x[base]; !both {
					delete(x, k)
					x[base] = nil
					continue
				}
			}
			unmark(val)
		}
	case []any:
		for _, e := range x {
			unmark(e)
		}
	}
}
