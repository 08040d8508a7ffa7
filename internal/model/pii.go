package model

import (
	"reflect"
	"strings"
	"sync"
)

// PIIKind names the kind of personal data a field holds. Fields are tagged
// `pii:"<kind>"`; a tag on a struct-valued field (the phone slot of an
// identity set) turns the identifiers inside it into that kind.
type PIIKind string

const (
	PIIName   PIIKind = "name"   // display names
	PIIID     PIIKind = "id"     // user and organizer object ids, ACS identifiers
	PIIUPN    PIIKind = "upn"    // user principal names, SIP URIs, e-mail
	PIIPhone  PIIKind = "phone"  // phone numbers
	PIIIP     PIIKind = "ip"     // IP addresses (local, reflexive, hops)
	PIIMAC    PIIKind = "mac"    // MAC addresses
	PIIBSSID  PIIKind = "bssid"  // Wi-Fi access point ids
	PIIDevice PIIKind = "device" // endpoint (machine) names
	PIIText   PIIKind = "text"   // free text written by users (feedback)
	// PIIUnknown marks the unknown properties kept beside personal fields:
	// whatever Microsoft adds next to a name may be personal too.
	PIIUnknown PIIKind = "unknown"
)

// PIIField is one personal-data field found by WalkPII.
type PIIField struct {
	Kind PIIKind
	// Path is the JSON path of the field, e.g. sessions.caller.identity.user.id.
	Path string
	// Value is the field itself, settable when WalkPII was given a pointer.
	Value reflect.Value
}

// WalkPII calls fn for every personal-data field of v (a pointer to a
// model value, or a value), found through the pii tags, so that redaction
// and retention need no list of their own.
func WalkPII(v any, fn func(PIIField)) {
	walkPII(reflect.ValueOf(v), "", "", fn)
}

// piiField is what walkPII needs to know of one struct field, worked out
// once per type: the walk runs on every call a server returns.
type piiField struct {
	index int
	name  string
	kind  PIIKind
	extra bool // the Extra field: unknown properties
	value bool // holds a value, not more model structure
	// skip: a value field without a tag, or structure that cannot hold
	// personal data — nothing to visit.
	skip bool
}

type piiType struct {
	personal bool // has personal fields of its own
	fields   []piiField
}

var piiTypes sync.Map // reflect.Type → *piiType

func piiTypeOf(t reflect.Type) *piiType {
	if pt, ok := piiTypes.Load(t); ok {
		return pt.(*piiType)
	}
	pt := &piiType{personal: hasPIITags(t)}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			name = f.Name
		}
		pf := piiField{index: i, name: name, kind: PIIKind(f.Tag.Get("pii")), extra: f.Type == extraType, value: isValue(f.Type)}
		pf.skip = pf.value && pf.kind == "" && !pf.extra
		pt.fields = append(pt.fields, pf)
	}
	piiTypes.Store(t, pt)
	return pt
}

func walkPII(v reflect.Value, path string, override PIIKind, fn func(PIIField)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkPII(v.Elem(), path, override, fn)
		}
	case reflect.Slice:
		for i := range v.Len() {
			walkPII(v.Index(i), path, override, fn)
		}
	case reflect.Struct:
		t := v.Type()
		if isLeaf(t) {
			return
		}
		pt := piiTypeOf(t)
		for _, f := range pt.fields {
			switch {
			case f.skip:
			case f.extra:
				if pt.personal || override != "" {
					fn(PIIField{Kind: PIIUnknown, Path: joinPath(path, "@unknown"), Value: v.Field(f.index)})
				}
			case f.value:
				kind := f.kind
				if override != "" && kind == PIIID {
					kind = override
				}
				fn(PIIField{Kind: kind, Path: joinPath(path, f.name), Value: v.Field(f.index)})
			default:
				fv := v.Field(f.index)
				if isEmptyRef(fv) {
					continue
				}
				next := override
				if f.kind != "" {
					next = f.kind
				}
				walkPII(fv, joinPath(path, f.name), next, fn)
			}
		}
	}
}

// isEmptyRef reports a nil pointer or empty slice, so that no path is
// built for what holds nothing.
func isEmptyRef(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map:
		return v.IsNil()
	case reflect.Slice:
		return v.Len() == 0
	}
	return false
}

// isValue reports whether a field holds a single value (string, number,
// Opt) rather than more model structure.
func isValue(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Struct:
		return isLeaf(t)
	case reflect.Pointer, reflect.Slice:
		return isValue(t.Elem()) && t.Elem().Kind() != reflect.Struct
	case reflect.Map:
		return true
	}
	return true
}

// ClearPII erases every personal-data field of v (a pointer), leaving
// metrics, verdicts, buildings and subnets: what retention keeps after the
// EUII period. Cleared values read as null, never as a made-up value.
func ClearPII(v any) {
	WalkPII(v, func(f PIIField) {
		if !f.Value.CanSet() {
			return
		}
		if m := f.Value.Addr().MethodByName("Clear"); m.IsValid() {
			m.Call(nil)
			return
		}
		f.Value.Set(reflect.Zero(f.Value.Type()))
	})
}

// Clear marks the value as null: present in the record but not known.
func (o *Opt[T]) Clear() { *o = Opt[T]{state: Null} }

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// hasPIITags reports whether a struct type has personal fields of its own.
func hasPIITags(t reflect.Type) bool {
	for i := range t.NumField() {
		if t.Field(i).Tag.Get("pii") != "" {
			return true
		}
	}
	return false
}
