package web_test

import (
	"cmp"
	"html"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/gen"
)

// TestReliabilityFindsThePlantedVersion: the generated organization has a
// client build that fails setup far more often than the others; the
// report shows setup failures and drops, and puts that build first.
func TestReliabilityFindsThePlantedVersion(t *testing.T) {
	t.Parallel()
	d := demoServer(t)
	v := newVisitor(t, d)
	v.signIn(d.tokens[access.Engineer])
	p := v.get("/reliability")
	if p.status != http.StatusOK {
		t.Fatalf("reliability: %d", p.status)
	}
	for _, label := range []string{"Setup failures", "Dropped", "Streams"} {
		if !strings.Contains(p.body, `<span class="tlabel">`+label+`</span>`) {
			t.Errorf("no %q tile", label)
		}
	}
	if v := regexp.MustCompile(`<span class="tlabel">Setup failures</span><span class="tvalue">([\d.]+) %</span>`).FindStringSubmatch(p.body); v == nil || v[1] == "0.0" {
		t.Errorf("setup failures of the generated month: %v, want some", v)
	}
	// Of the client versions, the two planted builds (Teams' and the ACS
	// SDK's) fail setup most often.
	section := regexp.MustCompile(`(?s)<h2 id="rel-clientVersion">.*?</table>`).FindString(p.body)
	type version struct {
		name string
		pct  float64
	}
	var versions []version
	for _, m := range regexp.MustCompile(`(?s)<th scope="row" class="name"><a href="[^"]*" title="[^"]*">([^<]+)</a></th>.*?<td class="num">[\d.]+</td><td class="num">[\d.]+</td><td class="num">([\d.]+) %</td>`).FindAllStringSubmatch(section, -1) {
		pct, _ := strconv.ParseFloat(m[2], 64)
		versions = append(versions, version{m[1], pct})
	}
	slices.SortFunc(versions, func(a, b version) int { return cmp.Compare(b.pct, a.pct) })
	var worst []string
	for _, v := range versions[:min(2, len(versions))] {
		worst = append(worst, v.name)
	}
	if slices.Sort(worst); !slices.Equal(worst, []string{gen.FailingSDKVersion, gen.FailingClientVersion}) {
		t.Errorf("the client versions failing setup most are %q of %v, want the planted %s and %s", worst, versions, gen.FailingClientVersion, gen.FailingSDKVersion)
	}
	// Its tables download with the failure measures.
	m := regexp.MustCompile(`href="(/dashboard/download\?[^"]*report=reliability[^"]*format=csv[^"]*|/dashboard/download\?[^"]*format=csv[^"]*report=reliability[^"]*)"`).FindStringSubmatch(p.body)
	if m == nil {
		t.Fatal("no CSV download of a reliability table")
	}
	csv := v.get(strings.ReplaceAll(m[1], "&amp;", "&"))
	if csv.status != http.StatusOK || !strings.Contains(strings.SplitN(csv.body, "\n", 2)[0], "setupFailurePct") {
		t.Errorf("reliability CSV: %d %.120q", csv.status, csv.body)
	}
}

// TestReliabilityReasonsLeadToFailedCalls: the report ranks why legs
// failed, ACS end codes explained among them; a reason leads to the
// calls that failed for it, and a call back to that list.
func TestReliabilityReasonsLeadToFailedCalls(t *testing.T) {
	t.Parallel()
	d := demoServer(t)
	v := newVisitor(t, d)
	v.signIn(d.tokens[access.Engineer])
	p := v.get("/reliability")
	section := regexp.MustCompile(`(?s)<h2 id="rel-reasons">.*?</table>`).FindString(p.body)
	rows := regexp.MustCompile(`<th scope="row" class="name reason"><a href="([^"]+)">([^<]+)</a></th>\s*<td>([^<]+)</td>`).FindAllStringSubmatch(section, -1)
	if len(rows) == 0 {
		t.Fatalf("no failure reasons on the page: %.400s", section)
	}
	acs := false
	for _, r := range rows {
		if strings.Contains(r[2], "Error)") {
			acs = true // "(410/3100, UnexpectedClientError)"
		}
	}
	if !acs {
		t.Errorf("no ACS end code among the reasons %q", rows)
	}
	top, reason := html.UnescapeString(rows[0][1]), html.UnescapeString(rows[0][2])
	list := v.get(top)
	if list.status != http.StatusOK || !strings.Contains(list.body, "<h1>Failed calls</h1>") {
		t.Fatalf("%s: %d", top, list.status)
	}
	calls := regexp.MustCompile(`<td><a href="(/calls/[^"]+)">`).FindAllStringSubmatch(list.body, -1)
	if len(calls) == 0 || !strings.Contains(html.UnescapeString(list.body), reason) {
		t.Fatalf("the failed calls of %q list %d calls, or not the reason", reason, len(calls))
	}
	call := v.get(html.UnescapeString(calls[0][1]))
	if call.status != http.StatusOK || !strings.Contains(call.body, "Failed calls</a>") {
		t.Errorf("a failed call: %d, back link to the list: %v", call.status, strings.Contains(call.body, "Failed calls</a>"))
	}
}
