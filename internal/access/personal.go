package access

import (
	"reflect"

	"github.com/callscope/callscope/internal/model"
)

// viewOf is the permission a role needs to see a kind of personal data.
// Names are handled apart (see renameOthers): every role sees the
// looked-up user's. Phone numbers are seen by every role, masked. A kind
// added to the model later needs every permission until it is listed
// here, so that it is hidden from Tier 1 rather than shown by accident.
func viewOf(k model.PIIKind) []Permission {
	switch k {
	case model.PIIName, model.PIIPhone:
		return nil
	case model.PIIID, model.PIIUPN, model.PIIText:
		return []Permission{SeeAllNames}
	case model.PIIIP, model.PIIMAC, model.PIIDevice:
		return []Permission{SeeAdvanced}
	case model.PIIBSSID, model.PIIUnknown:
		return []Permission{SeeDebug}
	}
	return []Permission{SeeAllNames, SeeAdvanced, SeeDebug}
}

// redactPersonal applies the role's rules to every personal field of v (a
// pointer to a model value), found through the model's pii tags, so that
// a field tagged tomorrow is redacted tomorrow without a change here:
//
//   - phone numbers are masked for every role;
//   - names that are phone numbers (a PSTN caller's) are masked;
//   - any other kind the role may not see is removed: set to null, so that
//     pages show it as withheld. Values already withheld ("Redacted",
//     null, empty) stay as they are, and absent ones stay absent;
//   - ids and UPNs that are phone numbers are kept, masked, since every
//     role may see a masked phone number.
func redactPersonal(v any, role Role, n int) {
	model.WalkPII(v, func(f model.PIIField) {
		if !f.Value.CanSet() {
			return
		}
		switch f.Kind {
		case model.PIIPhone:
			mapString(f.Value, func(s string) string { return MaskPhone(s, n) })
			return
		case model.PIIName:
			mapString(f.Value, func(s string) string {
				if isBarePhone(s) || isPhoneValue(s) {
					return MaskPhone(s, n)
				}
				return s
			})
			return
		}
		if canAll(role, viewOf(f.Kind)) {
			return
		}
		if (f.Kind == model.PIIID || f.Kind == model.PIIUPN) && isPhoneValue(stringOf(f.Value)) {
			mapString(f.Value, func(s string) string { return MaskPhone(s, n) })
			return
		}
		remove(f.Value)
	})
}

func canAll(role Role, ps []Permission) bool {
	for _, p := range ps {
		if !role.Can(p) {
			return false
		}
	}
	return true
}

// optional is what every model.Opt pointer offers.
type optional interface {
	Valid() bool
	Clear()
}

// remove erases a value the role may not see: an Opt present with a value
// becomes null, a string empty, anything else its zero value. A withheld
// string stays as Microsoft delivered it.
func remove(v reflect.Value) {
	if o, ok := v.Addr().Interface().(*model.Opt[string]); ok {
		if !Withheld(*o) {
			o.Clear()
		}
		return
	}
	if o, ok := v.Addr().Interface().(optional); ok {
		if o.Valid() {
			o.Clear()
		}
		return
	}
	if v.Kind() == reflect.String && WithheldText(v.String()) {
		return
	}
	v.SetZero()
}

// stringOf returns the text of a string or Opt[string] value, "" for others.
func stringOf(v reflect.Value) string {
	if v.Kind() == reflect.String {
		return v.String()
	}
	if !v.CanAddr() {
		return ""
	}
	if o, ok := v.Addr().Interface().(*model.Opt[string]); ok {
		return o.Value()
	}
	return ""
}

// mapString replaces the text of a string or present Opt[string] value
// by fn of it; other values are left alone.
func mapString(v reflect.Value, fn func(string) string) {
	if !v.CanSet() {
		return
	}
	if v.Kind() == reflect.String {
		if s := v.String(); s != "" {
			v.SetString(fn(s))
		}
		return
	}
	if o, ok := v.Addr().Interface().(*model.Opt[string]); ok && o.Valid() {
		if m := fn(o.Value()); m != o.Value() {
			*o = model.Some(m)
		}
	}
}
