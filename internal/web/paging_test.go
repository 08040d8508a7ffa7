package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/auth"
	"github.com/callscope/callscope/internal/ingest"
	"github.com/callscope/callscope/internal/quality"
)

// largeMeeting is a meeting of 110 people, 20 of whom rejoin: 130
// sessions, three pages of sessions and two of participants. It is
// stored under a tenant of its own, so that the shared demo data the
// other tests count stays as it is.
type largeMeeting struct {
	id, tenant string
	names      []string
	upns       []string
	ips        []string
	// joins[k] is the person of session k.
	joins []int
}

const (
	largePeople  = 110
	largeRejoins = 20
)

func storeLargeMeeting(t *testing.T, d *demo) *largeMeeting {
	t.Helper()
	m := &largeMeeting{id: "5ea1e0a1-1111-4222-8333-000000000130", tenant: "fabrikam"}
	const home = "1d2c3b4a-0000-4000-8000-00000000fab1"
	start := demoEnd.Add(-48 * time.Hour)
	stamp := func(s int) string { return start.Add(time.Duration(s) * time.Second).Format(time.RFC3339) }
	identity := func(i int) map[string]any {
		return map[string]any{"user": map[string]any{"id": fmt.Sprintf("fab0%04d-0000-4000-8000-%012d", i, i),
			"displayName": m.names[i], "tenantId": home, "userPrincipalName": m.upns[i]}}
	}
	var participants []any
	for i := range largePeople {
		m.names = append(m.names, fmt.Sprintf("Fabrikam Attendee%03d", i))
		m.upns = append(m.upns, fmt.Sprintf("attendee%03d@fabrikam.example", i))
		participants = append(participants, map[string]any{"id": fmt.Sprintf("fab0%04d-0000-4000-8000-%012d", i, i), "identity": identity(i)})
		m.joins = append(m.joins, i)
		if i%5 == 4 && i/5 < largeRejoins {
			m.joins = append(m.joins, i-4)
		}
	}
	server := map[string]any{"@odata.type": "#microsoft.graph.callRecords.serviceEndpoint",
		"userAgent": map[string]any{"@odata.type": "#microsoft.graph.callRecords.serviceUserAgent", "role": "conferencingMediaProcessor"}}
	var sessions []any
	for k, who := range m.joins {
		m.ips = append(m.ips, fmt.Sprintf("10.88.%d.%d", k/100, k%100+20))
		caller := map[string]any{"@odata.type": "#microsoft.graph.callRecords.participantEndpoint", "identity": identity(who),
			"userAgent": map[string]any{"@odata.type": "#microsoft.graph.callRecords.clientUserAgent", "platform": "windows", "productFamily": "teams"}}
		id := fmt.Sprintf("5e55%04d-0000-4000-8000-%012d", k, k)
		sessions = append(sessions, map[string]any{"id": id, "modalities": []string{"audio"},
			"startDateTime": stamp(k * 5), "endDateTime": stamp(k*5 + 1800), "caller": caller, "callee": server,
			"segments": []any{map[string]any{"id": id, "startDateTime": stamp(k * 5), "endDateTime": stamp(k*5 + 1800),
				"caller": caller, "callee": server,
				"media": []any{map[string]any{"label": "main-audio",
					"callerNetwork": map[string]any{"ipAddress": m.ips[k], "connectionType": "wifi"},
					"streams": []any{map[string]any{"streamId": fmt.Sprint(k), "streamDirection": "callerToCallee",
						"averageJitter": "PT0.01S", "averagePacketLossRate": 0.001, "averageRoundTripTime": "PT0.04S", "packetUtilization": 5000}}}}}},
		})
	}
	rec := map[string]any{"id": m.id, "version": 1, "type": "groupCall", "modalities": []string{"audio"},
		"startDateTime": stamp(0), "endDateTime": stamp(len(sessions)*5 + 1800),
		"organizer_v2": participants[0], "participants_v2": participants, "sessions": sessions}
	b, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "meeting.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	engine, err := quality.New(quality.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := ingest.Run(context.Background(), d.st, []string{path}, ingest.Options{Tenant: m.tenant, Prepare: engine.Judge})
	if err != nil || sum.Sessions != largePeople+largeRejoins {
		t.Fatalf("store the meeting: %v, %+v", err, sum)
	}
	return m
}

// signInTenant signs a new visitor in with a new token of role for the
// tenant.
func signInTenant(t *testing.T, d *demo, role access.Role, tenant string) *visitor {
	t.Helper()
	secret, _, err := auth.Tokens{Store: d.st}.Create(context.Background(), "paging "+string(role), role, []string{tenant})
	if err != nil {
		t.Fatal(err)
	}
	v := newVisitor(t, d)
	v.signIn(secret)
	return v
}

var (
	nextRE  = regexp.MustCompile(`<a href="([^"]+)" rel="next">Next page of (\w+) →</a>`)
	firstRE = regexp.MustCompile(`<a href="([^"]+)">← First page of (\w+)</a>`)
	tabRE   = regexp.MustCompile(`<a href="([^"]+)" id="tab-(\w+)"`)
)

// link is the href of the page's link that re matches, "" when none.
func link(re *regexp.Regexp, body string) string {
	m := re.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// TestCallPagePager: a large meeting's call page shows one page of its
// sessions or participants with a pager, whose links lead through every
// page and back to the first; the tabs of the same list keep the page.
func TestCallPagePager(t *testing.T) {
	t.Parallel()
	d := demoServer(t)
	m := storeLargeMeeting(t, d)
	sessions := len(m.joins)
	eng := signInTenant(t, d, access.Engineer, m.tenant)
	base := "/calls/" + m.id

	t.Run("sessions", func(t *testing.T) {
		target := base
		for n, want := range []string{"Sessions 1–50 of 130", "Sessions 51–100 of 130", "Sessions 101–130 of 130"} {
			p := eng.get(target)
			if p.status != http.StatusOK {
				t.Fatalf("GET %s: %d", target, p.status)
			}
			if !strings.Contains(p.body, `<nav class="pager" aria-label="Pages of sessions">`) || !strings.Contains(p.body, "<p>"+want+"</p>") {
				t.Fatalf("GET %s: no pager saying %q", target, want)
			}
			for k := range sessions {
				shown := strings.Contains(p.body, fmt.Sprintf(">Session %d: ", k+1))
				if shown != (k >= n*50 && k < (n+1)*50) {
					t.Errorf("page %d: session %d shown: %v", n+1, k+1, shown)
				}
			}
			if first := link(firstRE, p.body); (first != "") != (n > 0) || n > 0 && first != base {
				t.Errorf("page %d: link to the first page %q", n+1, first)
			}
			// The Advanced tab opens at the same page, the Participants
			// tab at its own first.
			tabs := map[string]string{}
			for _, m := range tabRE.FindAllStringSubmatch(p.body, -1) {
				tabs[m[2]] = html.UnescapeString(m[1])
			}
			if n > 0 {
				adv := eng.get(tabs["advanced"])
				if !strings.Contains(adv.body, "<p>"+want+"</p>") || !strings.Contains(adv.body, fmt.Sprintf(">Session %d: ", n*50+1)) {
					t.Errorf("page %d: the Advanced tab (%s) does not show the same sessions", n+1, tabs["advanced"])
				}
				if strings.Contains(tabs["participants"], "cursor=") {
					t.Errorf("page %d: the Participants tab keeps the sessions' page: %s", n+1, tabs["participants"])
				}
			}
			target = link(nextRE, p.body)
			if (target == "") != (n == 2) {
				t.Fatalf("page %d: next link %q", n+1, target)
			}
		}
	})

	t.Run("participants", func(t *testing.T) {
		for _, tab := range []string{"participants", "timeline"} {
			target := base + "?tab=" + tab
			var names []string
			for n, want := range []string{"Participants 1–100 of 110", "Participants 101–110 of 110"} {
				p := eng.get(target)
				if p.status != http.StatusOK || !strings.Contains(p.body, "<p>"+want+"</p>") {
					t.Fatalf("GET %s: %d, no pager saying %q", target, p.status, want)
				}
				rows := regexp.MustCompile(`<th scope="row"[^>]*>(?:<span class="pname">)?(Fabrikam Attendee\d+)`).FindAllStringSubmatch(p.body, -1)
				for _, r := range rows {
					names = append(names, r[1])
				}
				if first := link(firstRE, p.body); (first != "") != (n > 0) {
					t.Errorf("%s page %d: link to the first page %q", tab, n+1, first)
				}
				target = link(nextRE, p.body)
				if (target == "") != (n == 1) {
					t.Fatalf("%s page %d: next link %q", tab, n+1, target)
				}
			}
			seen := map[string]bool{}
			for _, n := range names {
				seen[n] = true
			}
			if len(seen) != largePeople {
				t.Errorf("%s: the pages name %d participants, want each of %d", tab, len(seen), largePeople)
			}
		}
	})

	t.Run("specialist", func(t *testing.T) {
		spec := signInTenant(t, d, access.Specialist, m.tenant)
		me := m.joins[120]
		target := base + "?user=" + url.QueryEscape(m.upns[me])
		for n := 0; target != ""; n++ {
			if n == 3 {
				t.Fatalf("more than 3 pages of 50 of %d sessions", sessions)
			}
			p := spec.get(target)
			if p.status != http.StatusOK {
				t.Fatalf("GET %s: %d", target, p.status)
			}
			if ip := ipRE.FindString(p.body); ip != "" {
				t.Errorf("page %d: a Tier 1 page holds the address %s", n+1, ip)
			}
			for i, name := range m.names {
				if i != me && strings.Contains(p.body, name) {
					t.Errorf("page %d: a Tier 1 page names another user, %q", n+1, name)
				}
			}
			if n == 2 && !strings.Contains(p.body, m.names[me]) {
				t.Errorf("page 3 does not name the looked-up user in their session")
			}
			target = link(nextRE, p.body)
		}
	})

	if p := eng.get(base + "?cursor=not-a-cursor"); p.status != http.StatusBadRequest || !strings.Contains(p.body, "cursor") {
		t.Errorf("a forged cursor: %d, want 400 naming the cursor", p.status)
	}
}
