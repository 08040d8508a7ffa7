package model

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"sync"
)

// CollectUnknown walks raw JSON beside v, a pointer to a model struct that
// raw was already decoded into, and stores every property that no field
// took in the Extra field of the struct at that level. Property names
// match fields without regard to case, as encoding/json matches them.
// OData annotations (@odata.context, sessions@odata.context…) are not
// properties and are dropped unless a field takes them.
func CollectUnknown(raw []byte, v any) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return
	}
	collect(raw, rv.Elem())
}

var extraType = reflect.TypeFor[Extra]()

type structInfo struct {
	byName map[string]int // lower-cased JSON name → field index
	extra  int            // index of the Extra field, or -1
}

var structInfos sync.Map // reflect.Type → *structInfo

func infoFor(t reflect.Type) *structInfo {
	if si, ok := structInfos.Load(t); ok {
		return si.(*structInfo)
	}
	si := &structInfo{byName: map[string]int{}, extra: -1}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		if f.Type == extraType {
			si.extra = i
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		si.byName[strings.ToLower(name)] = i
	}
	structInfos.Store(t, si)
	return si
}

func collect(raw []byte, v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		collect(raw, v.Elem())
	case reflect.Slice:
		et := v.Type().Elem()
		if et.Kind() == reflect.Pointer {
			et = et.Elem()
		}
		if et.Kind() != reflect.Struct || isLeaf(et) {
			return
		}
		i := 0
		eachElement(raw, func(item []byte) {
			if i < v.Len() {
				collect(item, v.Index(i))
			}
			i++
		})
	case reflect.Struct:
		if isLeaf(v.Type()) {
			return
		}
		si := infoFor(v.Type())
		var extra Extra
		eachMember(raw, func(key string, val []byte) {
			idx, ok := si.byName[strings.ToLower(key)]
			if !ok {
				if strings.Contains(key, "@odata.") || strings.HasPrefix(key, "@") {
					return
				}
				if extra == nil {
					extra = Extra{}
				}
				extra[key] = json.RawMessage(bytes.Clone(val))
				return
			}
			collect(val, v.Field(idx))
		})
		if si.extra >= 0 && len(extra) > 0 {
			v.Field(si.extra).Set(reflect.ValueOf(extra))
		}
	}
}

// isLeaf reports whether a struct type is a value (Opt, time) rather than
// an object of the model.
func isLeaf(t reflect.Type) bool {
	return t.PkgPath() != reflect.TypeFor[Call]().PkgPath() || strings.HasPrefix(t.Name(), "Opt[")
}
