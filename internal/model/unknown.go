package model

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"sync"
)

// CollectUnknown walks raw JSON beside v, a pointer to a model struct that
// raw was already decoded into, and stores in the Extra field of every
// struct it passes the properties that no field took (nil when there are
// none, so that an Extra decoded from an input key that spelled the
// model's own "@unknown" never passes for what the source sent).
// Property names match fields without regard to case, as encoding/json
// matches them. OData annotations (@odata.context,
// sessions@odata.context…) are not properties and are dropped unless a
// field takes them.
//
// The walk reads every byte of raw once: a meeting's record runs to
// megabytes, and finding the end of each nested value before entering it
// read the deepest values once per level.
func CollectUnknown(raw []byte, v any) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return
	}
	collect(raw, skipWS(raw, 0), rv.Elem(), infoFor(rv.Elem().Type()))
}

var extraType = reflect.TypeFor[Extra]()

// typeInfo is what the walk needs of one type, worked out once.
type typeInfo struct {
	// model is true for a struct of this package that holds properties
	// (not an Opt or another value type), a pointer to one or a slice of
	// them: only those are entered.
	model  bool
	byName map[string]int // JSON name → field index, exact and lower-cased
	extra  int            // index of the Extra field, or -1
	// elem is the element's of a pointer or slice, fields each field's
	// of a struct (nil for fields not read): the walk passes them down
	// rather than looking up every value's type, which was a sixth of
	// its time.
	elem   *typeInfo
	fields []*typeInfo
}

var typeInfos sync.Map // reflect.Type → *typeInfo

func infoFor(t reflect.Type) *typeInfo {
	if ti, ok := typeInfos.Load(t); ok {
		return ti.(*typeInfo)
	}
	ti := &typeInfo{extra: -1}
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice:
		ti.elem = infoFor(t.Elem())
		ti.model = ti.elem.model
	case reflect.Struct:
		ti.model = !isLeaf(t)
		if ti.model {
			ti.byName = map[string]int{}
			ti.fields = make([]*typeInfo, t.NumField())
			for i := range t.NumField() {
				f := t.Field(i)
				if !f.IsExported() {
					continue
				}
				if f.Type == extraType {
					ti.extra = i
					continue
				}
				name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
				if name == "-" {
					continue
				}
				if name == "" {
					name = f.Name
				}
				ti.byName[name] = i
				ti.byName[strings.ToLower(name)] = i
				ti.fields[i] = infoFor(f.Type)
			}
		}
	}
	typeInfos.Store(t, ti)
	return ti
}

// field finds the field of a property name: exactly, else without regard
// to case (ASCII folding suffices for the model's names).
func (ti *typeInfo) field(key []byte) (int, bool) {
	if i, ok := ti.byName[string(key)]; ok {
		return i, true
	}
	var buf [64]byte
	if len(key) > len(buf) || !isASCII(key) {
		i, ok := ti.byName[strings.ToLower(string(key))]
		return i, ok
	}
	lower := buf[:len(key)]
	for j := range len(key) {
		c := key[j]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[j] = c
	}
	i, ok := ti.byName[string(lower)]
	return i, ok
}

// collect walks the value at raw[i:] beside v, of the type ti describes,
// and returns the index after it.
func collect(raw []byte, i int, v reflect.Value, ti *typeInfo) int {
	if i >= len(raw) {
		return i
	}
	if !ti.model {
		return skipValue(raw, i)
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return skipValue(raw, i)
		}
		return collect(raw, i, v.Elem(), ti.elem)
	case reflect.Slice:
		if raw[i] != '[' {
			return skipValue(raw, i)
		}
		n := 0
		return eachElementAt(raw, i, func(j int) int {
			if n < v.Len() {
				j = collect(raw, j, v.Index(n), ti.elem)
			} else {
				j = skipValue(raw, j)
			}
			n++
			return j
		})
	case reflect.Struct:
		if raw[i] != '{' {
			return skipValue(raw, i)
		}
		var extra Extra
		end := eachMemberAt(raw, i, func(key []byte, j int) int {
			idx, ok := ti.field(key)
			if ok {
				if f := ti.fields[idx]; f.model {
					return collect(raw, j, v.Field(idx), f)
				}
				return skipValue(raw, j)
			}
			vend := skipValue(raw, j)
			if bytes.Contains(key, []byte("@odata.")) || bytes.HasPrefix(key, []byte("@")) {
				return vend
			}
			if extra == nil {
				extra = Extra{}
			}
			extra[string(key)] = json.RawMessage(bytes.Clone(raw[j:vend]))
			return vend
		}, nil)
		if ti.extra >= 0 {
			f := v.Field(ti.extra)
			if extra != nil || !f.IsNil() {
				f.Set(reflect.ValueOf(extra))
			}
		}
		return end
	}
	return skipValue(raw, i)
}

// isLeaf reports whether a struct type is a value (Opt, time) rather than
// an object of the model.
func isLeaf(t reflect.Type) bool {
	return t.PkgPath() != reflect.TypeFor[Call]().PkgPath() || strings.HasPrefix(t.Name(), "Opt[")
}

func isASCII(s []byte) bool {
	for i := range len(s) {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
