package acs

import (
	"encoding/json"
	"reflect"

	jsonv2 "github.com/go-json-experiment/json"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// The decoder reads a record's objects and its typed payload with the
// faster JSON engine of github.com/go-json-experiment/json (the design of
// Go's encoding/json/v2), configured to read as encoding/json does:
// property names matched without regard to case (but not to '_' or '-'),
// legacy UnmarshalJSON methods called. It is strict about duplicate
// names and UTF-8; whenever it fails, encoding/json reads the value
// again, so that its errors name the field and what it accepts decides
// what is stored. The fast path changes speed, never results
// (FuzzFastDecodeMatches holds it to that): decoding with encoding/json
// alone was most of the cost of ingesting ACS exports.
var fastOptions = jsonv2.JoinOptions(
	jsonv2.MatchCaseInsensitiveNames(true),
	jsonv1.MatchCaseSensitiveDelimiter(true),
)

// fastDecoding is false only in tests that compare with encoding/json.
var fastDecoding = true

// unmarshal decodes raw into dst, a pointer, as json.Unmarshal would.
func unmarshal(raw []byte, dst any) error {
	if fastDecoding {
		if err := jsonv2.Unmarshal(raw, dst, fastOptions); err == nil {
			return nil
		}
		reflect.ValueOf(dst).Elem().SetZero() // nothing of the failed attempt remains
	}
	return json.Unmarshal(raw, dst)
}
