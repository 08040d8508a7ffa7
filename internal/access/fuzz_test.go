package access

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/graph"
	"github.com/callscope/callscope/internal/model"
)

// FuzzRedact decodes arbitrary bytes as a Graph callRecord and redacts
// the call for every role, looking up nobody and each kind of key of its
// first person. Redaction must not panic, must leave its input alone,
// must mask every phone number in an id, and must show Tier 1 no name but
// the looked-up user's (or a withheld one, or a label), and no personal
// field but masked phone numbers.
// Seeds: testdata/fuzz/FuzzRedact.
func FuzzRedact(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := graph.DecodeCallRecord(data)
		if err != nil {
			return
		}
		lookups := []string{""}
		if people := model.People(c); len(people) > 0 {
			p := people[0]
			lookups = append(lookups, p.ID, strings.ToUpper(p.UPN), p.Phone)
		}
		before, err := json.Marshal(c)
		if err != nil {
			t.Skip("the decoder gave a call that does not encode; FuzzDecodeCallRecord's business")
		}
		for _, role := range Roles() {
			for _, lookup := range lookups {
				out := Policy{}.RedactCall(c, role, lookup)
				after, _ := json.Marshal(c)
				if string(after) != string(before) {
					t.Fatalf("%s %q: input modified", role, lookup)
				}
				got, err := json.Marshal(out)
				if err != nil {
					t.Fatalf("%s %q: redacted call does not encode: %v", role, lookup, err)
				}
				checkFuzzPhones(t, c, string(got), role)
				if role == Specialist {
					checkFuzzSpecialist(t, c, out, lookup)
				}
			}
		}
	})
}

// checkFuzzPhones: no id of the input that is a phone number appears
// unmasked in the output.
func checkFuzzPhones(t *testing.T, in *model.Call, got string, role Role) {
	t.Helper()
	for _, id := range identitiesOf(in) {
		v := strings.TrimSpace(id.ID.Value())
		if isPhoneValue(v) && maskPhonesIn(v, 3) != v && strings.Contains(got, jsonText(v)) {
			t.Errorf("%s: phone number %q unmasked", role, v)
		}
	}
}

// checkFuzzSpecialist: every identity Tier 1 gets has a withheld name, a
// label or the looked-up user's name, and no object id.
func checkFuzzSpecialist(t *testing.T, in, out *model.Call, lookup string) {
	t.Helper()
	allowed := map[string]bool{InternalUser: true, ExternalUser: true}
	for _, id := range identitiesOf(in) {
		if lookedUp(in, id, lookup) {
			n := id.DisplayName.Value()
			for _, v := range []string{n, MaskPhone(n, 3), maskPhonesIn(n, 3), maskPhonesIn(MaskPhone(n, 3), 3)} {
				allowed[v] = true
			}
		}
	}
	for _, id := range identitiesOf(out) {
		if n := id.DisplayName; !Withheld(n) && !allowed[n.Value()] {
			t.Errorf("Tier 1 looking up %q sees the name %q", lookup, n.Value())
		}
	}
	model.WalkPII(out, func(f model.PIIField) {
		v := stringOf(f.Value)
		switch f.Kind {
		case model.PIIName:
		case model.PIIUnknown:
			if f.Value.Len() > 0 {
				t.Errorf("Tier 1 looking up %q sees unknown properties at %s", lookup, f.Path)
			}
		case model.PIIPhone:
			if MaskPhone(v, 3) != v {
				t.Errorf("Tier 1 looking up %q sees %s %q unmasked", lookup, f.Path, v)
			}
		default:
			if !WithheldText(v) && !isPhoneValue(v) {
				t.Errorf("Tier 1 looking up %q sees %s %q", lookup, f.Path, v)
			}
		}
	})
}
