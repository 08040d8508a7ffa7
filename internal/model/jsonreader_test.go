package model

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// FuzzJSONReader: whatever the reader reads as one whole value is JSON
// encoding/json accepts, and a value it reads ends where encoding/json's
// does (the generated decoding relies on both to decline the rest).
func FuzzJSONReader(f *testing.F) {
	for _, s := range []string{`{"a":[1,-0.5e+3,"x\u00e9\n",true,false,null,{}],"b":{}}`, `[]`, `"\ud800"`, `"a\"b"`,
		`{"a":1,}`, `[1 2]`, `01`, `1.`, `-`, `"\x"`, "\"\x01\"", "\"\xff\"", `{"a" 1}`, `nul`, `{"a":1}x`, ` [ 1 , 2 ] `} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r := NewJSONReader(b)
		v, err := r.Value()
		if err != nil {
			return
		}
		if !json.Valid(v) {
			t.Fatalf("the reader read %q as a value; encoding/json does not", v)
		}
		if r.End() == nil && !json.Valid(b) {
			t.Fatalf("the reader read %q whole; encoding/json does not", b)
		}
	})
}

// TestJSONReaderDeclines: what the reader must not read as encoding/json
// would not, or might read otherwise.
func TestJSONReaderDeclines(t *testing.T) {
	t.Parallel()
	for _, in := range []string{`{"a":1,}`, `[1,]`, `[1 2]`, `01`, `1.`, `1e`, `-`, `"\x"`, "\"\x01\"", "\"\xff\"",
		`{"a" 1}`, `nul`, `tru`, `"abc`, `"\u12"`, `{"a":1}}`, `{1:2}`} {
		r := NewJSONReader([]byte(in))
		if _, err := r.Value(); err == nil && r.End() == nil {
			t.Errorf("the reader read %q", in)
		}
	}
	deep := make([]byte, 0, 2*maxJSONDepth+2)
	for range maxJSONDepth + 1 {
		deep = append(deep, '[')
	}
	for range maxJSONDepth + 1 {
		deep = append(deep, ']')
	}
	if _, err := NewJSONReader(deep).Value(); err == nil {
		t.Errorf("the reader read arrays nested %d deep", maxJSONDepth+1)
	}
}

// FuzzDecodeJSONOpt: an Opt read by DecodeJSON, which hands it its
// value directly, reads as encoding/json reads it, errors included.
func FuzzDecodeJSONOpt(f *testing.F) {
	for _, s := range []string{`"x"`, ` "x" `, `null`, `"null"`, `12`, `"12"`, `1e400`, `"2025-03-14T09:00:00Z"`, `{}`, `[1]`, `"a`, `1 2`, "\"\xff\""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		check := func(got, want any, err, werr error) {
			t.Helper()
			if (err == nil) != (werr == nil) || err != nil && err.Error() != werr.Error() || !reflect.DeepEqual(got, want) {
				t.Fatalf("%q: DecodeJSON read %#v (%v), encoding/json %#v (%v)", b, got, err, want, werr)
			}
		}
		var s, ws Opt[string]
		check(s, ws, DecodeJSON(b, &s), json.Unmarshal(b, &ws))
		var n, wn Opt[float64]
		check(n, wn, DecodeJSON(b, &n), json.Unmarshal(b, &wn))
		var i, wi Opt[int64]
		check(i, wi, DecodeJSON(b, &i), json.Unmarshal(b, &wi))
		var tm, wtm Opt[time.Time]
		check(tm, wtm, DecodeJSON(b, &tm), json.Unmarshal(b, &wtm))
	})
}

// TestDecodeJSONNames: members the generated decoding does not know by
// their exact name are skipped only when encoding/json would ignore
// them too; a name of a field in another case is encoding/json's to
// read.
func TestDecodeJSONNames(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		`{"id":"a","version":2,"somethingNew":{"x":[1,2]},"sessions":[{"id":"s","futureProperty":true}]}`,
		`{"ID":"a","Version":2}`,
		`{"id":"a","sessions":[{"ID":"s","Caller":{"userAgent":{"headerValue":"x"}}}]}`,
		`{"id":"a","failureInfo":{"REASON":"r","stage":"midcall"}}`,
		`{"id":"a","\u0069d":"b"}`,
		`{"id":"a","id":"b"}`,
		`{"id":"a","Id":"b"}`,
	} {
		var got, want Call
		err, werr := DecodeJSON([]byte(in), &got), json.Unmarshal([]byte(in), &want)
		if (err == nil) != (werr == nil) || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: DecodeJSON read %+v (%v), encoding/json %+v (%v)", in, got, err, want, werr)
		}
	}
	if !UnknownJSONName([]byte(`"futureProperty"`), jsonNamesCall) || UnknownJSONName([]byte(`"VERSION"`), jsonNamesCall) ||
		UnknownJSONName([]byte(`"\u0069d"`), jsonNamesCall) {
		t.Error("UnknownJSONName tells unknown names otherwise than encoding/json would")
	}
}
