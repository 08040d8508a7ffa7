package access

import (
	"reflect"
	"sync"
)

// clone returns a deep copy of *v that shares no memory with it, so that
// redaction never touches the caller's call: the same value may be cached
// and shown to another role next.
//
// It copies by reflection rather than through JSON: a JSON round trip
// would also do, but takes ten times as long and allocates six times as
// much (BenchmarkClone: 1.6 ms against 16 ms for a 60-session meeting of
// 250 kB), and would pass values through the lenient decoder, which
// trims and reinterprets them ("null" strings, spaces).
func clone[T any](v *T) *T {
	if v == nil {
		return nil
	}
	out := new(T)
	copyValue(reflect.ValueOf(out).Elem(), reflect.ValueOf(v).Elem())
	return out
}

// copyValue deep-copies src into dst, which is settable and of the same
// type. Structs without unexported fields are copied field by field;
// structs with them (Opt, time.Time) are values and copied whole.
func copyValue(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.Pointer:
		if src.IsNil() {
			return
		}
		p := reflect.New(src.Type().Elem())
		copyValue(p.Elem(), src.Elem())
		dst.Set(p)
	case reflect.Interface:
		if src.IsNil() {
			return
		}
		e := reflect.New(src.Elem().Type()).Elem()
		copyValue(e, src.Elem())
		dst.Set(e)
	case reflect.Slice:
		if src.IsNil() {
			return
		}
		s := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		if flat(src.Type().Elem()) {
			reflect.Copy(s, src)
		} else {
			for i := range src.Len() {
				copyValue(s.Index(i), src.Index(i))
			}
		}
		dst.Set(s)
	case reflect.Map:
		if src.IsNil() {
			return
		}
		m := reflect.MakeMapWithSize(src.Type(), src.Len())
		et := src.Type().Elem()
		for it := src.MapRange(); it.Next(); {
			e := reflect.New(et).Elem()
			copyValue(e, it.Value())
			m.SetMapIndex(it.Key(), e)
		}
		dst.Set(m)
	case reflect.Struct:
		dst.Set(src)
		for _, i := range planOf(src.Type()).deep {
			copyValue(dst.Field(i), src.Field(i))
		}
	case reflect.Array:
		for i := range src.Len() {
			copyValue(dst.Index(i), src.Index(i))
		}
	default:
		dst.Set(src)
	}
}

// flat reports whether values of type t hold no memory that a copy could
// share: scalars, and structs of scalars and of values with unexported
// fields (Opt, time.Time, whose only reference is an immutable location).
func flat(t reflect.Type) bool {
	if f, ok := flatTypes.Load(t); ok {
		return f.(bool)
	}
	f := computeFlat(t)
	flatTypes.Store(t, f)
	return f
}

var flatTypes sync.Map // reflect.Type → bool

func computeFlat(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Slice, reflect.Map, reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return false
	case reflect.Array:
		return flat(t.Elem())
	case reflect.Struct:
		return planOf(t).flat
	}
	return true
}

// valueStruct reports whether a struct is an opaque value (has unexported
// fields), copied whole: the model's own structs export every field.
func valueStruct(t reflect.Type) bool { return planOf(t).value }
