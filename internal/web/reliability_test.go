package web_test

import (
	"net/http"
	"regexp"
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
	// Of the client versions, the planted one fails setup most often.
	section := regexp.MustCompile(`(?s)<h2 id="rel-clientVersion">.*?</table>`).FindString(p.body)
	best, worst := 0.0, ""
	for _, m := range regexp.MustCompile(`(?s)<th scope="row" class="name">([^<]+)</th>.*?<td class="num">[\d.]+</td><td class="num">[\d.]+</td><td class="num">([\d.]+) %</td>`).FindAllStringSubmatch(section, -1) {
		if pct, _ := strconv.ParseFloat(m[2], 64); pct > best {
			best, worst = pct, m[1]
		}
	}
	if worst != gen.FailingClientVersion {
		t.Errorf("the client version failing setup most is %q (%.1f %%), want the planted %s", worst, best, gen.FailingClientVersion)
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
