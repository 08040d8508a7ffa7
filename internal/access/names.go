package access

import (
	"reflect"

	"github.com/callscope/callscope/internal/model"
)

// What Tier 1 sees instead of the name of anyone but the looked-up user,
// as in Call Analytics. Pages may compare names with them to style the
// labels apart from real names.
const (
	// InternalUser stands for a person of the observing organization.
	InternalUser = "Internal User"
	// ExternalUser stands for anyone else: another tenant, a phone
	// number, an anonymous guest.
	ExternalUser = "External User"
)

// renameOthers replaces, in v (a pointer to a model value), the name of
// every person but the looked-up user by InternalUser or ExternalUser.
// A person is any model struct with a field tagged pii:"name"; its other
// tagged fields (ids, UPNs, phone numbers) tell whether it is the
// looked-up user, and its tenantId field whether it is internal. A
// struct without a tenantId field is internal when internalByDefault is
// set (usage rows list the organization's own users). Withheld names stay
// withheld. It runs before the ids it compares are removed.
func renameOthers(v reflect.Value, who target, home homeSet, internalByDefault bool) {
	eachStruct(v, func(s reflect.Value) {
		fi := infoOf(s.Type())
		var names []reflect.Value
		for i, kind := range fi.pii {
			if model.PIIKind(kind) == model.PIIName {
				names = append(names, s.Field(i))
			}
		}
		if len(names) == 0 || who.matchStruct(s, fi) {
			return
		}
		internal := internalByDefault
		if fi.tenant >= 0 {
			internal = home.has(stringOf(s.Field(fi.tenant)))
		}
		label := ExternalUser
		if internal {
			label = InternalUser
		}
		for _, n := range names {
			if !WithheldText(stringOf(n)) {
				mapString(n, func(string) string { return label })
			}
		}
	})
}

// matchStruct reports whether any identifying field of a person struct
// names the looked-up user.
func (t target) matchStruct(s reflect.Value, fi *fieldInfo) bool {
	for i, kind := range fi.pii {
		v := stringOf(s.Field(i))
		switch model.PIIKind(kind) {
		case model.PIIID:
			if t.matchID(v) {
				return true
			}
		case model.PIIUPN:
			if t.matchUPN(v) {
				return true
			}
		case model.PIIPhone:
			if t.matchPhone(v) {
				return true
			}
		}
	}
	return false
}
