package client

import (
	"bytes"
	"encoding/json"
	"strings"
)

// withheldSuffix names the property that the API sends in place of a
// withheld one: {"displayNameWithheld": true} for a name that was null,
// "Redacted", empty, or hidden from the caller's role.
const withheldSuffix = "Withheld"

// restoreWithheld gives a call record from the API back the form the
// model and `callscope show` have for withheld values: each
// "<name>Withheld": true becomes "<name>": null. The API does not say
// whether a value was null or "Redacted" or empty, so all come back as
// null. Numbers keep their text.
func restoreWithheld(raw []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return json.Marshal(restore(v))
}

func restore(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			if name, ok := strings.CutSuffix(k, withheldSuffix); ok && name != "" && e == true {
				if _, given := x[name]; !given {
					out[name] = nil
					continue
				}
			}
			out[k] = restore(e)
		}
		return out
	case []any:
		for i, e := range x {
			x[i] = restore(e)
		}
	}
	return v
}
