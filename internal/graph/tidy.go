package graph

import (
	"reflect"
	"strings"

	"github.com/callscope/callscope/internal/model"
)

var (
	extraType = reflect.TypeFor[model.Extra]()
	modelPkg  = reflect.TypeFor[model.Call]().PkgPath()
)

// walkModel calls fn on every model struct reachable from v through
// pointers, slices and struct fields. Opt values and non-model types are
// leaves. Maps are not entered: the model's maps (Extra, feedback tokens)
// hold values, not objects.
func walkModel(v reflect.Value, fn func(reflect.Value)) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			walkModel(v.Elem(), fn)
		}
	case reflect.Slice:
		for i := range v.Len() {
			walkModel(v.Index(i), fn)
		}
	case reflect.Struct:
		t := v.Type()
		if t.PkgPath() != modelPkg || strings.HasPrefix(t.Name(), "Opt[") {
			return
		}
		fn(v)
		for i := range v.NumField() {
			if t.Field(i).IsExported() {
				walkModel(v.Field(i), fn)
			}
		}
	}
}

// clearExtra empties every Extra below v. model.CollectUnknown fills Extra
// only where it finds unknown properties, so anything already there came
// from an input key that spelled the model's own "@unknown" and must not
// pass for what Graph sent.
func clearExtra(v any) {
	walkModel(reflect.ValueOf(v), func(s reflect.Value) {
		for i := range s.NumField() {
			if f := s.Field(i); f.Type() == extraType && f.CanSet() {
				f.SetZero()
			}
		}
	})
}

// dropNils removes nil elements from every list of objects below v:
// a null in a list carries nothing, and readers should not have to check
// each element.
func dropNils(v any) {
	walkModel(reflect.ValueOf(v), func(s reflect.Value) {
		for i := range s.NumField() {
			f := s.Field(i)
			if f.Kind() != reflect.Slice || f.Type().Elem().Kind() != reflect.Pointer || !f.CanSet() {
				continue
			}
			n := 0
			for j := range f.Len() {
				if !f.Index(j).IsNil() {
					f.Index(n).Set(f.Index(j))
					n++
				}
			}
			if n < f.Len() {
				f.SetLen(n)
			}
		}
	})
}
