package access

import (
	"reflect"
	"sync"

	"github.com/callscope/callscope/internal/model"
)

// structPlan is what the walks over a call need of one struct type,
// worked out once: a call is thousands of structs of a dozen types, and
// asking reflection about every field of every one of them (its type,
// whether it is flat, whether it is Extra) was about half the time of
// cloning a call, and two fifths of redacting it for Tier 1.
type structPlan struct {
	// value: the struct has unexported fields (Opt, time.Time) and is an
	// opaque value, copied whole and never entered.
	value bool
	// flat: the struct holds no memory a copy could share.
	flat bool
	// deep are the fields that are not flat, which a copy must copy in
	// turn.
	deep []int
	// nested are the fields that may hold model structs, which a walk
	// enters.
	nested []int
	// extra are the fields of type model.Extra.
	extra []int
	// texts are the fields that may hold text, in which maskPhones looks
	// for phone numbers.
	texts []int
}

var structPlans sync.Map // reflect.Type → *structPlan

var extraType = reflect.TypeFor[model.Extra]()

// planOf is the plan of the struct type t.
func planOf(t reflect.Type) *structPlan {
	if p, ok := structPlans.Load(t); ok {
		return p.(*structPlan)
	}
	p := &structPlan{}
	for i := range t.NumField() {
		if !t.Field(i).IsExported() {
			p.value = true
			break
		}
	}
	p.flat = p.value
	if !p.value {
		p.flat = true
		for i := range t.NumField() {
			ft := t.Field(i).Type
			if !flat(ft) {
				p.flat = false
				p.deep = append(p.deep, i)
			}
			if mayHoldStructs(ft) {
				p.nested = append(p.nested, i)
			}
			if ft == extraType {
				p.extra = append(p.extra, i)
			}
			if mayHoldText(ft) {
				p.texts = append(p.texts, i)
			}
		}
	}
	structPlans.Store(t, p)
	return p
}

// mayHoldStructs reports whether a value of type t can hold a model
// struct for eachStruct to find.
func mayHoldStructs(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Interface:
		return true
	case reflect.Slice, reflect.Array:
		return !scalar(t.Elem().Kind())
	case reflect.Struct:
		return !planOf(t).value
	}
	return false
}

// mayHoldText reports whether a value of type t can hold a string or raw
// JSON for maskPhones to look at.
func mayHoldText(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.String, reflect.Pointer, reflect.Interface, reflect.Slice, reflect.Array, reflect.Map:
		return true
	case reflect.Struct:
		return t == optStringType || !planOf(t).value
	}
	return false
}
