package access

import (
	"reflect"
	"strings"
	"sync"
)

// eachStruct calls fn for every model struct reachable from v (a pointer
// to a model value), parents before children, each one addressable so
// that fn can change it. Values (Opt, time.Time) are not model structs.
func eachStruct(v reflect.Value, fn func(reflect.Value)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			eachStruct(v.Elem(), fn)
		}
	case reflect.Slice, reflect.Array:
		if !scalar(v.Type().Elem().Kind()) {
			for i := range v.Len() {
				eachStruct(v.Index(i), fn)
			}
		}
	case reflect.Struct:
		p := planOf(v.Type())
		if p.value {
			return
		}
		fn(v)
		for _, i := range p.nested {
			eachStruct(v.Field(i), fn)
		}
	}
}

// fieldInfo is what redaction needs to know about one struct type: its
// fields by JSON name and which of them carry a pii tag, computed once.
type fieldInfo struct {
	byJSON map[string]int
	pii    map[int]string // field index → pii kind
	// tenant is the index of the field naming the identity's tenant (its
	// JSON name ends in "tenantId"), or -1.
	tenant int
}

var fieldInfos sync.Map // reflect.Type → *fieldInfo

func infoOf(t reflect.Type) *fieldInfo {
	if fi, ok := fieldInfos.Load(t); ok {
		return fi.(*fieldInfo)
	}
	fi := &fieldInfo{byJSON: map[string]int{}, pii: map[int]string{}, tenant: -1}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name := jsonName(f)
		fi.byJSON[name] = i
		if k := f.Tag.Get("pii"); k != "" {
			fi.pii[i] = k
		}
		if strings.HasSuffix(strings.ToLower(name), "tenantid") && f.Tag.Get("pii") == "" {
			fi.tenant = i
		}
	}
	fieldInfos.Store(t, fi)
	return fi
}

// jsonName is the name a field has in the model's JSON form.
func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" || name == "-" {
		return f.Name
	}
	return name
}

// scalar reports whether values of kind k hold nothing to walk into.
func scalar(k reflect.Kind) bool {
	switch k {
	case reflect.Struct, reflect.Pointer, reflect.Interface, reflect.Slice, reflect.Array, reflect.Map:
		return false
	}
	return true
}
