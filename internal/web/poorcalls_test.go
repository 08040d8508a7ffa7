package web_test

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/access"
)

// TestPoorCallsList: the list says how many, who had the poor streams
// where and on what, sorts by its number columns, and each call leads
// back to the same list.
func TestPoorCallsList(t *testing.T) {
	t.Parallel()
	d := demoServer(t)
	v := newVisitor(t, d)
	v.signIn(d.tokens[access.Engineer])
	p := v.get("/poor-calls?f.connectionType=WiFi")
	if p.status != http.StatusOK {
		t.Fatalf("poor calls: %d", p.status)
	}
	total := regexp.MustCompile(`<strong>(\d+) calls and meetings</strong>`).FindStringSubmatch(p.body)
	if total == nil || total[1] == "0" {
		t.Fatalf("no total of poor calls on Wi-Fi typed WiFi")
	}
	for _, want := range []string{`<th scope="col">Who</th>`, `<th scope="col">Where</th>`, `<th scope="col">Device</th>`, `<th scope="col">Poor in</th>`, `name="f.connectionType" value="WiFi"`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the list lacks %s", want)
		}
	}
	if users := regexp.MustCompile(`<td><a href="/users/ref_[^"]+/calls">[^<]+</a>`).FindAllString(p.body, -1); len(users) == 0 {
		t.Error("no poor call names who had it, with a link to their calls")
	}
	// A call opened from the list leads back to it, from every tab.
	m := regexp.MustCompile(`<a href="(/calls/[^"]+)">`).FindStringSubmatch(p.body)
	if m == nil {
		t.Fatal("no call in the list")
	}
	call := v.get(strings.ReplaceAll(m[1], "&amp;", "&"))
	back := regexp.MustCompile(`<p><a href="(/poor-calls\?[^"]+)">← Poor calls</a></p>`).FindStringSubmatch(call.body)
	if call.status != http.StatusOK || back == nil || !strings.Contains(back[1], "connectionType%3DWiFi") {
		t.Errorf("the call %s: %d, no way back to the list it came from", m[1], call.status)
	}
	if !strings.Contains(call.body, "from=%2Fpoor-calls") {
		t.Error("the call's tabs forget the list they came from")
	}
	// Most poor streams first, then fewest.
	for _, c := range []struct {
		query string
		desc  bool
	}{{"order=poor", true}, {"order=poor&asc=1", false}} {
		p := v.get("/poor-calls?" + c.query)
		var n []int
		for _, m := range regexp.MustCompile(`<td class="num">(\d+) of \d+</td>`).FindAllStringSubmatch(p.body, -1) {
			x, _ := strconv.Atoi(m[1])
			n = append(n, x)
		}
		if c.desc {
			slices.Reverse(n)
		}
		if len(n) < 5 || !slices.IsSorted(n) {
			t.Errorf("%s: poor streams %v", c.query, n)
		}
	}
	// A list page of elsewhere is no way back.
	if p := v.get("/calls/x?from=https://evil.example/"); strings.Contains(p.body, "evil.example") {
		t.Error("a back link leads off the site")
	}
}
