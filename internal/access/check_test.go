package access

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/model"
)

// mustJSON is the canonical JSON of v.
func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	return string(b)
}

// jsonText is s as it appears inside a JSON string, so that substring
// checks find names with quotes or non-ASCII letters.
func jsonText(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}

// identitiesOf lists every identity of a call, wherever it sits.
func identitiesOf(c *model.Call) []*model.Identity {
	var out []*model.Identity
	eachStruct(reflect.ValueOf(c), func(s reflect.Value) {
		if id, ok := s.Addr().Interface().(*model.Identity); ok {
			out = append(out, id)
		}
	})
	return out
}

// lookedUp reports whether identity id is the user lookup names, the
// way the rules define it: the lookup matches one of the call's people,
// and the identity carries one of that person's keys.
func lookedUp(c *model.Call, id *model.Identity, lookup string) bool {
	if strings.TrimSpace(lookup) == "" {
		return false
	}
	p := model.Person{ID: id.ID.Value(), UPN: id.UserPrincipalName.Value(), Phone: id.ID.Value()}
	if Matches(p, lookup) || Matches(model.Person{UPN: id.Email.Value()}, lookup) {
		return true
	}
	for _, person := range model.People(c) {
		if !Matches(person, lookup) {
			continue
		}
		for _, k := range []string{person.ID, person.UPN, person.Phone} {
			if k != "" && (Matches(p, k) || Matches(model.Person{UPN: id.Email.Value()}, k)) {
				return true
			}
		}
	}
	return false
}

// expectations is what a role may and may not find in a redacted call,
// worked out from the original call's pii tags (model.WalkPII) and
// identities, independently of how the redaction does it.
type expectations struct {
	forbidden map[string]string // value → why
	required  map[string]string
	hiddenKey []string // JSON keys that must not appear
}

func expect(c *model.Call, role Role, lookup string, n int) expectations {
	e := expectations{forbidden: map[string]string{}, required: map[string]string{}}
	forbid := func(v, why string) {
		if len(strings.TrimSpace(v)) >= 4 && !WithheldText(v) {
			e.forbidden[v] = why
		}
	}
	require := func(v, why string) {
		if strings.TrimSpace(v) != "" && !WithheldText(v) {
			e.required[v] = why
		}
	}
	maySeeAll := role == Admin || role == Engineer

	// Names.
	allowed := map[string]bool{}
	for _, id := range identitiesOf(c) {
		name := id.DisplayName.Value()
		if Withheld(id.DisplayName) {
			continue
		}
		if maySeeAll || lookedUp(c, id, lookup) {
			allowed[name] = true
			require(MaskPhone(name, phoneMaskIf(name, n)), "name the role may see")
		}
	}
	for _, id := range identitiesOf(c) {
		if name := id.DisplayName.Value(); !allowed[name] {
			forbid(name, "name of someone not looked up")
		}
	}

	// Every personal field, by kind.
	model.WalkPII(c, func(f model.PIIField) {
		switch v := f.Value.Interface().(type) {
		case model.Opt[string]:
			expectString(&e, f.Kind, v.Value(), maySeeAll, n, forbid, require)
		case string:
			expectString(&e, f.Kind, v, maySeeAll, n, forbid, require)
		case model.Extra:
			for _, raw := range v {
				for _, s := range rawStrings(raw) {
					if maySeeAll {
						require(maskPhonesIn(s, n), "unknown property")
					} else {
						forbid(s, "unknown property beside personal data")
					}
				}
			}
		}
	})

	// Advanced and debug fields.
	for _, fields := range views {
		for name, perm := range fields {
			if !role.Can(perm) {
				e.hiddenKey = append(e.hiddenKey, `"`+name+`":`)
			}
		}
	}
	if !role.Can(SeeDebug) {
		e.hiddenKey = append(e.hiddenKey, `"@unknown":`)
	}
	for v := range e.required {
		delete(e.forbidden, v)
	}
	return e
}

// phoneMaskIf is n when a name is a phone number, else 0 (no masking).
func phoneMaskIf(name string, n int) int {
	if isBarePhone(name) || isPhoneValue(name) {
		return n
	}
	return 0
}

func expectString(e *expectations, kind model.PIIKind, v string, maySeeAll bool, n int, forbid, require func(string, string)) {
	if v == "" {
		return
	}
	phone := kind == model.PIIPhone || isPhoneValue(v) || (kind == model.PIIName && isBarePhone(v))
	if phone {
		masked := MaskPhone(v, n)
		if masked != v {
			forbid(v, "phone number, unmasked")
		}
		if maySeeAll || kind == model.PIIPhone || kind == model.PIIID || kind == model.PIIUPN {
			require(masked, "masked phone number")
		}
		return
	}
	switch {
	case kind == model.PIIName:
		// Judged by identity above.
	case maySeeAll:
		require(maskPhonesIn(v, n), string(kind))
	default:
		forbid(v, string(kind))
	}
}

// rawStrings returns the string leaves of raw JSON.
func rawStrings(raw json.RawMessage) []string {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return nil
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			out = append(out, x)
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return out
}

// checkRedaction redacts c for role and lookup and checks the result
// against expectations, the verdicts and the metrics, and that c itself
// is unchanged.
func checkRedaction(t *testing.T, p Policy, c *model.Call, role Role, lookup string) *model.Call {
	t.Helper()
	before := mustJSON(t, c)
	out := p.RedactCall(c, role, lookup)
	if after := mustJSON(t, c); after != before {
		t.Fatalf("RedactCall modified its input")
	}
	got := mustJSON(t, out)
	e := expect(c, role, lookup, p.digits())
	for _, v := range sortedKeys(e.forbidden) {
		if strings.Contains(got, jsonText(v)) {
			t.Errorf("%s may not see %q (%s), but it is in the output", role, v, e.forbidden[v])
		}
	}
	for _, v := range sortedKeys(e.required) {
		if !strings.Contains(got, jsonText(v)) {
			t.Errorf("%s should see %q (%s), but it is not in the output", role, v, e.required[v])
		}
	}
	for _, k := range e.hiddenKey {
		if strings.Contains(got, k) {
			t.Errorf("%s may not see %s fields, but the output has one", role, k)
		}
	}
	checkVerdicts(t, c, out)
	checkMetrics(t, before, got, role)
	return out
}

// checkVerdicts: every role sees every rating, issue, quality and reason.
func checkVerdicts(t *testing.T, in, out *model.Call) {
	t.Helper()
	if len(in.Sessions) != len(out.Sessions) {
		t.Fatalf("%d sessions in, %d out", len(in.Sessions), len(out.Sessions))
	}
	for i, s := range in.Sessions {
		o := out.Sessions[i]
		if s == nil {
			continue
		}
		if s.Rating != o.Rating || !reflect.DeepEqual(s.Issues, o.Issues) {
			t.Errorf("session %d verdict changed: %s %v → %s %v", i, s.Rating, s.Issues, o.Rating, o.Issues)
		}
		for gi, g := range s.Segments {
			for mi, m := range g.Media {
				for si, st := range m.Streams {
					ost := out.Sessions[i].Segments[gi].Media[mi].Streams[si]
					if st.Quality != ost.Quality || !reflect.DeepEqual(st.Reasons, ost.Reasons) {
						t.Errorf("stream %d/%d/%d/%d verdict changed", i, gi, mi, si)
					}
				}
			}
		}
	}
}

// checkMetrics: every number, boolean and duration of the input is in the
// output at the same place, except in fields the role may not see.
func checkMetrics(t *testing.T, in, out string, role Role) {
	t.Helper()
	hidden := map[string]bool{}
	for _, fields := range views {
		for name, perm := range fields {
			if !role.Can(perm) {
				hidden[name] = true
			}
		}
	}
	if !role.Can(SeeDebug) {
		hidden["@unknown"] = true
	}
	want, got := scalarLeaves(in, hidden), scalarLeaves(out, nil)
	for path, v := range want {
		if got[path] != v {
			t.Errorf("%s: %s lost to %s (now %q)", path, v, role, got[path])
		}
	}
}

// scalarLeaves maps the JSON path of every number, boolean and ISO 8601
// duration to its text, skipping subtrees under the keys in skip.
func scalarLeaves(doc string, skip map[string]bool) map[string]string {
	dec := json.NewDecoder(strings.NewReader(doc))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return nil
	}
	out := map[string]string{}
	var walk func(string, any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case json.Number:
			out[path] = x.String()
		case bool:
			out[path] = fmt.Sprint(x)
		case string:
			if strings.HasPrefix(x, "PT") || strings.HasPrefix(x, "-PT") {
				out[path] = x
			}
		case []any:
			for i, e := range x {
				walk(fmt.Sprintf("%s[%d]", path, i), e)
			}
		case map[string]any:
			for k, e := range x {
				if !skip[k] {
					walk(path+"."+k, e)
				}
			}
		}
	}
	walk("", v)
	return out
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// lookupsOf are the lookups a test tries on a call: nobody, and each of
// the first people by object id, by UPN in capitals and by phone number
// written with spaces.
func lookupsOf(c *model.Call) []string {
	out := []string{""}
	for i, p := range model.People(c) {
		if i == 4 {
			break
		}
		switch {
		case p.UPN != "":
			out = append(out, strings.ToUpper(p.UPN))
		case p.Phone != "" && phoneDigits(p.Phone) != "":
			out = append(out, spaced(p.Phone))
		case p.ID != "":
			out = append(out, p.ID)
		}
	}
	return out
}

// spaced writes a number as people type it: "+1 555 123 4567".
func spaced(phone string) string {
	var b bytes.Buffer
	for i, r := range phone {
		if i > 0 && i%3 == 2 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}
