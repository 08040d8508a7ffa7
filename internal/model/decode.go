package model

import (
	"encoding/json"
	"reflect"

	jsonv2 "github.com/go-json-experiment/json"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// FastDecodeOptions configure the faster JSON engine of
// github.com/go-json-experiment/json (the design of Go's encoding/json/v2)
// to read as encoding/json does: property names matched without regard
// to case (but not to '_' or '-'), legacy UnmarshalJSON methods called.
// It stays strict about duplicate names and UTF-8, where encoding/json
// is lenient: a decoder that fails with them reads again with
// encoding/json (DecodeJSON), so that the fast path changes speed, never
// results. The Graph, ACS and store decoders all read with them; their
// differential tests and fuzz targets hold each to encoding/json.
var FastDecodeOptions = jsonv2.JoinOptions(
	jsonv2.MatchCaseInsensitiveNames(true),
	jsonv1.MatchCaseSensitiveDelimiter(true),
)

// DecodeJSON decodes b into v, a pointer, as json.Unmarshal does: with
// generated code for the model's types when the input is as the model
// writes it (jsondecode.go), else with the faster engine when it can,
// else with encoding/json, after v is reset so that nothing of the
// failed attempt remains, and whose error, naming the field, is the one
// returned. A value with its own
// UnmarshalJSON (an Opt) that is one valid JSON value is handed to it
// directly, as encoding/json hands it, without either engine's
// reflection: ACS decoding reads each of a record's fields so.
func DecodeJSON(b []byte, v any) error {
	if u, ok := v.(json.Unmarshaler); ok {
		r := JSONReader{b: b}
		if raw, err := r.Value(); err == nil && r.End() == nil {
			if err := u.UnmarshalJSON(raw); err != nil {
				reflect.ValueOf(v).Elem().SetZero()
				return err
			}
			return nil
		}
	}
	if f, ok := v.(JSONFieldDecoder); ok {
		// The model's own canonical JSON, read by generated code.
		if decodeFast(b, f) == nil {
			return nil
		}
		reflect.ValueOf(v).Elem().SetZero()
	}
	if err := jsonv2.Unmarshal(b, v, FastDecodeOptions); err == nil {
		return nil
	}
	reflect.ValueOf(v).Elem().SetZero()
	return json.Unmarshal(b, v)
}
