package model

import (
	"reflect"
	"strings"
	"time"
)

// ExpectedJSON describes a Go type of the model as the JSON a person
// should have written, for error messages of the decoders.
func ExpectedJSON(t reflect.Type) string {
	if t == nil {
		return "a value"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case reflect.TypeFor[Duration]():
		return "an ISO 8601 duration"
	case reflect.TypeFor[time.Time]():
		return "an ISO 8601 timestamp"
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "an integer"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a non-negative integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "a string"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return t.String()
}

// ShownJSON renders the offending value of a decoding error. Opt reports
// raw JSON ("\"abc\"", 12), cut at 40 bytes; encoding/json names a kind
// ("string", "array"), which reads better with an article.
func ShownJSON(v string) string {
	switch v {
	case "string", "number", "object", "array", "bool":
		return "a JSON " + v
	case "":
		return "nothing"
	}
	return strings.ToValidUTF8(v, "\uFFFD")
}
