package api

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// storedCalls returns every call of the tenant.
func storedCalls(t testing.TB, st store.Store, tenant string) []*model.Call {
	t.Helper()
	var out []*model.Call
	if err := st.ScanCalls(context.Background(), store.CallFilter{Tenant: tenant}, func(c *model.Call) error {
		out = append(out, c)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// personal collects the personal values of a call by kind, through the
// model's pii tags (model.WalkPII): what the matrix looks for in
// responses. Withheld values are left out; they carry nothing.
func personal(c *model.Call) map[model.PIIKind][]string {
	out := map[model.PIIKind][]string{}
	model.WalkPII(c, func(f model.PIIField) {
		var v string
		switch x := f.Value.Interface().(type) {
		case model.Opt[string]:
			v = x.Value()
		case string:
			v = x
		default:
			return
		}
		if v = strings.TrimSpace(v); access.Withheld(model.Some(v)) {
			return
		}
		out[f.Kind] = append(out[f.Kind], v)
	})
	for _, p := range model.People(c) {
		if p.Phone != "" {
			out[model.PIIPhone] = append(out[model.PIIPhone], p.Phone)
		}
	}
	return out
}

// phoneForms are the ways a full phone number could show: as stored and
// as its digits. A number Microsoft delivered masked is not a full one,
// and a value with anything but digits, '+' and separators is none.
func phoneForms(v string) []string {
	v = strings.TrimPrefix(strings.TrimSpace(v), "tel:")
	if strings.Contains(v, "*") || strings.Trim(v, "+0123456789 -.()") != "" {
		return nil
	}
	var digits strings.Builder
	for _, r := range v {
		if r >= '0' && r <= '9' {
			digits.WriteRune(r)
		}
	}
	if digits.Len() < 7 {
		return nil
	}
	return []string{v, digits.String()}
}

// phonesIn finds phone numbers written inside other personal values
// (participant ids "+5564981205182", ACS "4:+1555…", tel: URIs).
func phonesIn(vals map[model.PIIKind][]string) []string {
	var out []string
	for _, vs := range vals {
		for _, v := range vs {
			for i := strings.IndexByte(v, '+'); i >= 0; {
				j := i + 1
				for j < len(v) && (v[j] >= '0' && v[j] <= '9' || v[j] == ' ' || v[j] == '-') {
					j++
				}
				out = append(out, phoneForms(strings.TrimSpace(v[i:j]))...)
				k := strings.IndexByte(v[j:], '+')
				if k < 0 {
					break
				}
				i = j + k
			}
		}
	}
	return out
}

// jsonForms are a value as it may appear in a JSON body.
func jsonForms(v string) []string {
	b, _ := json.Marshal(v)
	enc := string(b[1 : len(b)-1])
	if enc == v {
		return []string{v}
	}
	return []string{v, enc}
}

func containsAny(body string, v string) bool {
	for _, f := range jsonForms(v) {
		if strings.Contains(body, f) {
			return true
		}
	}
	return false
}

// checkWithheld: no member of a call or user response is null or a
// withholding string.
func checkWithheld(t *testing.T, what, body string) {
	t.Helper()
	for _, bad := range []string{`":null`, `":"null"`, `":""`, `":"Redacted"`, `":"redacted"`, `":"REDACTED"`} {
		if strings.Contains(body, bad) {
			t.Errorf("%s: withheld value sent as %s:\n%s", what, bad, body)
		}
	}
}

// TestRoleMatrix looks up every person of every example call as every
// role, on every endpoint, and checks the serialized response: nothing
// the role may not see is in it, and what it may see is.
func TestRoleMatrix(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ingestExamples("tenant-a")
	calls := storedCalls(t, f.st, "tenant-a")
	if len(calls) < 5 {
		t.Fatalf("only %d example calls stored", len(calls))
	}
	roles := []string{"admin", "engineer", "specialist"}
	checked := 0
	for _, c := range calls {
		if start, ok := c.StartDateTime.Get(); ok {
			f.clock.Set(start.Add(24 * time.Hour))
		}
		people := model.People(c)
		vals := personal(c)
		var phones []string
		for _, p := range vals[model.PIIPhone] {
			phones = append(phones, phoneForms(p)...)
		}
		phones = append(phones, phonesIn(vals)...)

		lookups := []string{""}
		for _, p := range people {
			lookups = append(lookups, personKey(p))
		}
		for _, role := range roles {
			for _, lookup := range lookups {
				var lookedUp []model.Person
				for _, p := range people {
					if lookup != "" && access.Matches(p, lookup) {
						lookedUp = append(lookedUp, p)
					}
				}
				forbidden := map[string][]string{"full phone number": phones}
				if role == "specialist" {
					allowedNames := map[string]bool{}
					for _, p := range lookedUp {
						allowedNames[p.DisplayName] = true
					}
					for _, p := range people {
						if !allowedNames[p.DisplayName] && !access.Withheld(model.Some(p.DisplayName)) {
							forbidden["another user's name"] = append(forbidden["another user's name"], p.DisplayName)
						}
					}
					for kind, label := range map[model.PIIKind]string{
						model.PIIID: "object id", model.PIIUPN: "UPN", model.PIIIP: "IP address", model.PIIMAC: "MAC address",
						model.PIIBSSID: "BSSID", model.PIIDevice: "device name", model.PIIText: "feedback text",
					} {
						for _, v := range vals[kind] {
							if kind == model.PIIID && len(phoneForms(v)) > 0 {
								continue // a phone number used as an id is shown masked
							}
							forbidden[label] = append(forbidden[label], v)
						}
					}
				}
				q := url.Values{}
				if lookup != "" {
					q.Set("user", lookup)
				}
				base := "/api/v1/calls/" + url.PathEscape(c.ID)
				targets := []string{base + "?" + q.Encode(), base + "/timeline?" + q.Encode(), base + "/participants?" + q.Encode(), base + "/verdicts?" + q.Encode(),
					base + "/record?" + q.Encode()}
				if lookup != "" {
					targets = append(targets, "/api/v1/users/"+url.PathEscape(lookup)+"/calls?days=30")
				}
				for i, target := range targets {
					r := f.get(target, role)
					what := role + " GET " + target
					if r.status != 200 {
						t.Errorf("%s: status %d: %s", what, r.status, r.body)
						continue
					}
					checked++
					checkWithheld(t, what, r.body)
					for label, vs := range forbidden {
						for _, v := range vs {
							if containsAny(r.body, v) {
								t.Errorf("%s: shows %s %q", what, label, v)
							}
						}
					}
					if role == "specialist" && strings.Contains(r.body, "@unknown") {
						t.Errorf("%s: shows unknown properties to a specialist", what)
					}
					switch {
					case i == 0 || i == 2 || i == 4: // detail, participants and record name people
						for _, p := range people {
							if access.Withheld(model.Some(p.DisplayName)) || len(phoneForms(p.DisplayName)) > 0 {
								continue
							}
							visible := role != "specialist" || len(lookedUp) > 0 && access.Matches(p, lookup)
							if visible && !containsAny(r.body, p.DisplayName) {
								t.Errorf("%s: does not show %q, whom the role may see", what, p.DisplayName)
							}
						}
						if (i == 0 || i == 4) && c.CallRating() != "" && !strings.Contains(r.body, `"rating":"`+string(c.CallRating())+`"`) {
							t.Errorf("%s: does not show the call's rating %s", what, c.CallRating())
						}
						if i == 0 && role == "specialist" && (strings.Contains(r.body, `"advanced"`) || strings.Contains(r.body, `"debug"`)) {
							t.Errorf("%s: a specialist got the advanced or debug section", what)
						}
					case i == 5 && c.StartDateTime.Valid():
						if !strings.Contains(r.body, `"id":"`+c.ID+`"`) {
							t.Errorf("%s: the user's calls do not list call %s", what, c.ID)
						}
					}
				}
			}
		}
		// Search by each name and phone number of the call.
		for _, p := range people {
			var queries []string
			if n := strings.TrimSpace(p.DisplayName); len(n) >= 3 && !access.Withheld(model.Some(n)) && len(phoneForms(n)) == 0 {
				queries = append(queries, n)
			}
			if len(phoneForms(p.Phone)) > 0 {
				queries = append(queries, p.Phone[:6])
			}
			for _, text := range queries {
				for _, role := range roles {
					r := f.get("/api/v1/users?q="+url.QueryEscape(text), role)
					what := role + " search " + text
					if r.status != 200 {
						t.Errorf("%s: status %d: %s", what, r.status, r.body)
						continue
					}
					checked++
					checkWithheld(t, what, r.body)
					for _, v := range phones {
						if containsAny(r.body, v) {
							t.Errorf("%s: shows full phone number %q", what, v)
						}
					}
					if role == "specialist" {
						for _, kind := range []model.PIIKind{model.PIIID, model.PIIUPN} {
							for _, v := range vals[kind] {
								if len(phoneForms(v)) == 0 && containsAny(r.body, v) {
									t.Errorf("%s: shows %s %q", what, kind, v)
								}
							}
						}
					} else if p.UPN != "" && !containsAny(r.body, strings.ToLower(p.UPN)) {
						t.Errorf("%s: does not show the UPN %q", what, p.UPN)
					}
					if !strings.Contains(r.body, `"ref":"ref_`) {
						t.Errorf("%s: no ref to open the match's calls: %s", what, r.body)
					}
				}
			}
		}
	}
	t.Logf("%d calls, %d responses checked", len(calls), checked)
	if checked < 100 {
		t.Errorf("only %d responses checked", checked)
	}
}
