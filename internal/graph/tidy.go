package graph

import (
	"reflect"
	"strings"
	"sync"

	"github.com/callscope/callscope/internal/model"
)

var (
	extraType = reflect.TypeFor[model.Extra]()
	modelPkg  = reflect.TypeFor[model.Call]().PkgPath()
)

// structShape is what the walks need of one model struct type, worked
// out once: a record holds thousands of structs, and asking reflection
// for a type's name and fields at each was most of a walk's cost.
type structShape struct {
	children []int // fields that can lead to model structs
	lists    []int // fields that are lists of pointers (nil elements dropped)
}

var shapes sync.Map // reflect.Type → *structShape (nil: not a model struct)

// shapeOf returns the shape of a model struct type, or nil for value
// types (Opt, time) and types of other packages.
func shapeOf(t reflect.Type) *structShape {
	if s, ok := shapes.Load(t); ok {
		return s.(*structShape)
	}
	var sh *structShape
	if t.Kind() == reflect.Struct && t.PkgPath() == modelPkg && !strings.HasPrefix(t.Name(), "Opt[") {
		sh = &structShape{}
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			if f.Type == extraType {
				continue
			}
			if canHoldModel(f.Type) {
				sh.children = append(sh.children, i)
			}
			if f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Pointer {
				sh.lists = append(sh.lists, i)
			}
		}
	}
	shapes.Store(t, sh)
	return sh
}

// canHoldModel reports whether a value of type t can hold a model struct.
// Maps are not entered: the model's maps (Extra, feedback tokens) hold
// values, not objects.
func canHoldModel(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	return t.Kind() == reflect.Struct && t.PkgPath() == modelPkg && !strings.HasPrefix(t.Name(), "Opt[")
}

// walkModel calls fn on every model struct reachable from v through
// pointers, slices and struct fields, with its shape. Opt values and
// non-model types are leaves.
func walkModel(v reflect.Value, fn func(reflect.Value, *structShape)) {
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
		sh := shapeOf(v.Type())
		if sh == nil {
			return
		}
		fn(v, sh)
		for _, i := range sh.children {
			walkModel(v.Field(i), fn)
		}
	}
}

// dropNils removes nil elements from every list of objects below v:
// a null in a list carries nothing, and readers should not have to check
// each element.
func dropNils(v any) {
	walkModel(reflect.ValueOf(v), func(s reflect.Value, sh *structShape) {
		for _, i := range sh.lists {
			f := s.Field(i)
			if !f.CanSet() {
				continue
			}
			n := 0
			for j := range f.Len() {
				if !f.Index(j).IsNil() {
					if n != j {
						f.Index(n).Set(f.Index(j))
					}
					n++
				}
			}
			if n < f.Len() {
				f.SetLen(n)
			}
		}
	})
}
