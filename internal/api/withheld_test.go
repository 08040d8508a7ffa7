package api

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestMarkWithheld(t *testing.T) {
	t.Parallel()
	f := func(in, want string) {
		t.Helper()
		got, err := markWithheld([]byte(in))
		if err != nil {
			t.Fatalf("markWithheld(%s): %v", in, err)
		}
		if string(got) != want {
			t.Errorf("markWithheld(%s)\n got %s\nwant %s", in, got, want)
		}
	}
	f(`{}`, `{}`)
	f(`[]`, `[]`)
	f(`null`, `null`)
	f(`{"a":1}`, `{"a":1}`)
	f(`{"displayName":null}`, `{"displayNameWithheld":true}`)
	f(`{"displayName":"Redacted"}`, `{"displayNameWithheld":true}`)
	f(`{"displayName":"REDACTED "}`, `{"displayNameWithheld":true}`)
	f(`{"displayName":"null"}`, `{"displayNameWithheld":true}`)
	f(`{"displayName":""}`, `{"displayNameWithheld":true}`)
	f(`{"displayName":"  "}`, `{"displayNameWithheld":true}`)
	f(`{"displayName":"\t"}`, `{"displayNameWithheld":true}`)
	f(`{"displayName":"\u0052edacted"}`, `{"displayNameWithheld":true}`)
	f(`{"displayName":"Redacted Person"}`, `{"displayName":"Redacted Person"}`)
	f(`{"displayName":"nullable"}`, `{"displayName":"nullable"}`)
	f(`{"n":0,"b":false,"s":"x"}`, `{"n":0,"b":false,"s":"x"}`)
	f(`{"a":{"b":{"c":null}},"d":[null,"Redacted",{"e":""}]}`, `{"a":{"b":{"cWithheld":true}},"d":[null,"Redacted",{"eWithheld":true}]}`)
	f(` { "a" : null , "b" : [ 1 , 2 ] } `, `{"aWithheld":true,"b":[1,2]}`)
	f(`{"k\"q":null}`, `{"k\"qWithheld":true}`)
	f(`{"s":"a\"b"}`, `{"s":"a\"b"}`)
	for _, bad := range []string{``, `{`, `{"a"}`, `{"a":}`, `[1,`, `{"a":1,}x`, `"open`, `{} {}`} {
		if _, err := markWithheld([]byte(bad)); err == nil {
			t.Errorf("markWithheld(%q) accepted invalid JSON", bad)
		}
	}
}

// FuzzMarkWithheld: for any JSON document, the result is valid JSON
// holding the same values, except that withheld members are renamed.
func FuzzMarkWithheld(f *testing.F) {
	for _, s := range []string{`{"a":null}`, `{"a":{"b":"Redacted"},"c":[1,{"d":""}]}`, `[{"x":"null"}]`, `"s"`, `1e5`, `{"\u00e9":"\u0000"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var v any
		if json.Unmarshal(in, &v) != nil {
			return
		}
		out, err := markWithheld(in)
		if err != nil {
			t.Fatalf("markWithheld(%q): %v", in, err)
		}
		var got any
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("markWithheld(%q) = %q, not JSON: %v", in, out, err)
		}
		if !reflect.DeepEqual(got, expectWithheld(v)) {
			t.Fatalf("markWithheld(%q) = %s", in, out)
		}
	})
}

// expectWithheld is markWithheld on decoded values, the slow way.
func expectWithheld(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			if s, ok := e.(string); e == nil || ok && isWithheldText(s) {
				out[k+"Withheld"] = true
				continue
			}
			out[k] = expectWithheld(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = expectWithheld(e)
		}
		return out
	}
	return v
}
