package access

import (
	"bytes"
	"encoding/json"
	"reflect"

	"github.com/callscope/callscope/internal/model"
)

var optStringType = reflect.TypeFor[model.Opt[string]]()

// maskPhones masks every phone number written anywhere in v (a pointer to
// a model value): in every string, whatever its field, and in the strings
// of raw JSON kept beside the model (unknown properties, ACS debugging
// info). Tags find the fields meant to hold numbers; this pass finds the
// numbers that sit where no tag expects them — a participant id, the
// organizer's id, an ACS identifier, a SIP URI, feedback text, a property
// Microsoft adds next year — because a phone number must never leave the
// server unmasked, whatever the role.
func maskPhones(v reflect.Value, n int) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			maskPhones(v.Elem(), n)
		}
	case reflect.String:
		if s := v.String(); v.CanSet() {
			if m := maskPhonesIn(s, n); m != s {
				v.SetString(m)
			}
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			if v.CanSet() && v.Len() > 0 {
				if m := maskRawJSON(v.Bytes(), n); m != nil {
					v.SetBytes(m)
				}
			}
			return
		}
		fallthrough
	case reflect.Array:
		if !scalar(v.Type().Elem().Kind()) || v.Type().Elem().Kind() == reflect.String {
			for i := range v.Len() {
				maskPhones(v.Index(i), n)
			}
		}
	case reflect.Map:
		if v.Type().Elem().Kind() != reflect.Slice || v.Type().Elem().Elem().Kind() != reflect.Uint8 {
			return
		}
		for it := v.MapRange(); it.Next(); {
			if m := maskRawJSON(it.Value().Bytes(), n); m != nil {
				v.SetMapIndex(it.Key(), reflect.ValueOf(m).Convert(v.Type().Elem()))
			}
		}
	case reflect.Struct:
		if v.Type() == optStringType {
			if o := v.Addr().Interface().(*model.Opt[string]); o.Valid() {
				if m := maskPhonesIn(o.Value(), n); m != o.Value() {
					*o = model.Some(m)
				}
			}
			return
		}
		p := planOf(v.Type())
		if p.value {
			return
		}
		for _, i := range p.texts {
			maskPhones(v.Field(i), n)
		}
	}
}

// maskRawJSON returns raw with the phone numbers in its strings (values
// and keys) masked, or nil when it holds none, so that untouched JSON
// keeps its bytes. JSON that does not parse is masked as text.
func maskRawJSON(raw []byte, n int) []byte {
	if !mayHoldPhone(string(raw)) {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil || dec.More() {
		s := string(raw)
		if m := maskPhonesIn(s, n); m != s {
			return []byte(m)
		}
		return nil
	}
	changed := false
	v = maskJSONValue(v, n, &changed)
	if !changed {
		return nil
	}
	out, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return out
}

func maskJSONValue(v any, n int, changed *bool) any {
	switch x := v.(type) {
	case string:
		if m := maskPhonesIn(x, n); m != x {
			*changed = true
			return m
		}
	case []any:
		for i := range x {
			x[i] = maskJSONValue(x[i], n, changed)
		}
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			if mk := maskPhonesIn(k, n); mk != k {
				*changed = true
				k = mk
			}
			out[k] = maskJSONValue(e, n, changed)
		}
		return out
	}
	return v
}
