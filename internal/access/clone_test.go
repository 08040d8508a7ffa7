package access

import (
	"reflect"
	"testing"

	"github.com/callscope/callscope/internal/model"
)

// TestClone: the copy is equal to the original and shares no pointer,
// slice or map with it, so that redacting the copy cannot reach the
// original.
func TestClone(t *testing.T) {
	t.Parallel()
	calls := exampleCalls(t)
	calls = append(calls, exampleCall{"meeting-mixed", loadCall(t, "meeting-mixed")}, exampleCall{"acs-pstn", loadCall(t, "acs-pstn")})
	for _, ec := range calls {
		cp := clone(ec.call)
		if mustJSON(t, cp) != mustJSON(t, ec.call) {
			t.Errorf("%s: copy differs from the original", ec.name)
		}
		if path := shared(reflect.ValueOf(cp), reflect.ValueOf(ec.call), "call"); path != "" {
			t.Errorf("%s: copy shares %s with the original", ec.name, path)
		}
	}
	if clone[model.Call](nil) != nil {
		t.Error("clone(nil) is not nil")
	}
}

// shared returns the path of the first memory a and b share, or "".
func shared(a, b reflect.Value, path string) string {
	switch a.Kind() {
	case reflect.Pointer, reflect.Map:
		if a.IsNil() || b.IsNil() {
			return ""
		}
		if a.Pointer() == b.Pointer() {
			return path
		}
		if a.Kind() == reflect.Map {
			for it := a.MapRange(); it.Next(); {
				if p := shared(it.Value(), b.MapIndex(it.Key()), path+"["+it.Key().String()+"]"); p != "" {
					return p
				}
			}
			return ""
		}
		return shared(a.Elem(), b.Elem(), path)
	case reflect.Slice:
		if a.Len() > 0 && a.Pointer() == b.Pointer() {
			return path
		}
		for i := range a.Len() {
			if p := shared(a.Index(i), b.Index(i), path+"[]"); p != "" {
				return p
			}
		}
	case reflect.Struct:
		if valueStruct(a.Type()) {
			return ""
		}
		for i := range a.NumField() {
			if p := shared(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name); p != "" {
				return p
			}
		}
	}
	return ""
}
