package acs

import (
	"encoding/json"
	"reflect"
	"testing"
)

// scanObject reads an object as encoding/json reads it into a map, or
// leaves it to encoding/json.
func TestScanObject(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{`{}`, true},
		{` { "a" : 1 , "b":{"c":[1,2,{"d":null}]}, "e":"x\"y" } `, true},
		{`{"a":1,"a":2}`, true},                   // the last value counts
		{`{"\u0063ategory":"CallSummary"}`, true}, // escaped name
		{`{"a":"` + "\xff" + `"}`, false},         // invalid UTF-8: encoding/json's replacement rules
		{`{"a":1}{"b":2}`, false},                 // more than one value
		{`{"a":1,}`, false},
		{`{"a":1`, false},
		{`[1]`, false},
	} {
		got, ok := scanObject([]byte(tc.in))
		if ok != tc.ok {
			t.Errorf("scanObject(%q) ok = %v, want %v", tc.in, ok, tc.ok)
			continue
		}
		if !ok {
			continue
		}
		var want object
		if err := json.Unmarshal([]byte(tc.in), &want); err != nil {
			t.Fatalf("encoding/json(%q): %v", tc.in, err)
		}
		if !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("scanObject(%q) = %q, encoding/json reads %q", tc.in, got, want)
		}
	}
}
