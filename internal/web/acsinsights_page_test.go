package web_test

import (
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/gen"
)

// TestACSInsightsFindsTheFailingSDK: over the generated organization,
// the ACS insights page puts the planted failing SDK build's
// unexpected-error rate above every other busy build's, explains end
// codes, and leads from an end reason to its calls and from there to a
// call; its tables download as CSV; Tier 1 may not see it.
func TestACSInsightsFindsTheFailingSDK(t *testing.T) {
	t.Parallel()
	d := demoServer(t)
	v := newVisitor(t, d)
	v.signIn(d.tokens[access.Engineer])
	p := v.get("/acs")
	if p.status != http.StatusOK {
		t.Fatalf("acs: %d", p.status)
	}
	for _, label := range []string{"Calls", "Participants", "Minutes", "Unexpected errors", "Poor survey ratings"} {
		if !strings.Contains(p.body, `<span class="tlabel">`+label+`</span>`) {
			t.Errorf("no %q tile", label)
		}
	}
	section := regexp.MustCompile(`(?s)<h2 id="acs-sdkVersion">.*?</table>`).FindString(p.body)
	rows := regexp.MustCompile(`(?s)<th scope="row" class="name"><a href="[^"]*" title="[^"]*">([^<]+)</a></th>.*?<td class="num"><a href="[^"]*" title="The calls">(\d+)</a></td>\s*<td class="num">([\d.]+) %</td>`).FindAllStringSubmatch(section, -1)
	if len(rows) < 3 {
		t.Fatalf("SDK versions: %q", rows)
	}
	worst, worstPct := "", -1.0
	for _, r := range rows {
		n, _ := strconv.Atoi(r[2])
		pct, _ := strconv.ParseFloat(r[3], 64)
		if n >= 10 && pct > worstPct {
			worst, worstPct = r[1], pct
		}
	}
	if worst != gen.FailingSDKVersion {
		t.Errorf("the SDK build with the most unexpected errors is %s (%.1f %%) of %q, want the planted %s", worst, worstPct, rows, gen.FailingSDKVersion)
	}

	// An end reason, explained, leads to its calls, and a call opens.
	ends := regexp.MustCompile(`(?s)<h2 id="acs-ends">.*?</table>`).FindString(p.body)
	setup := regexp.MustCompile(`(?s)410/3100.*?<span class="sub">(call setup failed[^<]*)</span></th>.*?<a href="(/acs/calls\?[^"]+)"`).FindStringSubmatch(ends)
	if setup == nil {
		t.Fatalf("no explained 410/3100 among the end reasons:\n%.2000s", ends)
	}
	list := v.get(html.UnescapeString(setup[2]))
	calls := regexp.MustCompile(`<a href="(/calls/[^"]+)">`).FindAllStringSubmatch(list.body, -1)
	if list.status != http.StatusOK || len(calls) == 0 || !strings.Contains(list.body, "End code: 410") {
		t.Fatalf("the calls of 410/3100: %d, %d calls", list.status, len(calls))
	}
	if call := v.get(html.UnescapeString(calls[0][1])); call.status != http.StatusOK {
		t.Errorf("%s: %d", calls[0][1], call.status)
	}

	// Downloads.
	dl := regexp.MustCompile(`href="(/acs/download\?[^"]*section=endReasons[^"]*)"`).FindStringSubmatch(p.body)
	if dl == nil {
		t.Fatal("no download of the end reasons")
	}
	csv := v.get(html.UnescapeString(dl[1]))
	if csv.status != http.StatusOK || !strings.HasPrefix(csv.body, "code,subCode,resultCategory,class,participants") {
		t.Errorf("end reasons CSV: %d %.120q", csv.status, csv.body)
	}
	if bad := v.get("/acs/download?section=floors"); bad.status != http.StatusBadRequest {
		t.Errorf("a download of no section: %d", bad.status)
	}

	spec := newVisitor(t, d)
	spec.signIn(d.tokens[access.Specialist])
	for _, path := range []string{"/acs", "/acs/calls", "/acs/download?section=os"} {
		if r := spec.get(path); r.status != http.StatusForbidden {
			t.Errorf("%s as specialist: %d, want 403", path, r.status)
		}
	}
}
