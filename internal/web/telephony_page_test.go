package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/gen"
	"github.com/callscope/callscope/internal/golden"
	"github.com/callscope/callscope/internal/ingest"
)

// usageOnce stores the generated usage logs in the shared demo store,
// once: the calls' telemetry is there already, and the usage rows change
// none of what the other pages show.
var usageOnce struct {
	sync.Once
	err error
}

// telephonyDemo is the demo server with the generated usage rows stored.
func telephonyDemo(t *testing.T) *demo {
	t.Helper()
	d := demoServer(t)
	usageOnce.Do(func() {
		_, usageOnce.err = ingest.Run(context.Background(), d.st, []string{filepath.Join(d.dir, "data", "usage")}, ingest.Options{Tenant: demoTenant})
	})
	if usageOnce.err != nil {
		t.Fatalf("ingest the usage logs: %v", usageOnce.err)
	}
	return d
}

// phoneNumber is a number as the pages could show one: a '+' and digits.
var phoneNumber = regexp.MustCompile(`\+\d[\d*]{6,}`)

// TestTelephonyFindsTheDegradingSBC: the generated organization has an
// SBC that fails more and more over the last week; the Direct Routing
// health page puts it first, marked degrading, and no other; its calls
// are listed, masked, and a call whose record is stored opens.
func TestTelephonyFindsTheDegradingSBC(t *testing.T) {
	t.Parallel()
	d := telephonyDemo(t)
	v := newVisitor(t, d)
	v.signIn(d.tokens[access.Engineer])
	p := v.get("/telephony/direct-routing")
	if p.status != http.StatusOK {
		t.Fatalf("direct routing: %d", p.status)
	}
	for _, label := range []string{"Attempts", "Success rate", "NER", "Average call"} {
		if !strings.Contains(p.body, `<span class="tlabel">`+label+`</span>`) {
			t.Errorf("no %q tile", label)
		}
	}
	sbcs := regexp.MustCompile(`(?s)<h2 id="tel-sbcs">.*?</table>`).FindString(p.body)
	// The demo's dozen users make too few attempts for a verdict of
	// "degrading" (the command line's test has enough); its SBC still
	// comes first, with the steepest fall.
	type sbc struct {
		name     string
		marked   bool
		change   float64
		hasTrend bool
	}
	var rows []sbc
	for _, tr := range strings.Split(html.UnescapeString(sbcs), "<tr>")[2:] {
		m := regexp.MustCompile(`title="Only this SBC">([^<]+)</a>`).FindStringSubmatch(tr)
		c := regexp.MustCompile(`<td class="num">([-+][\d.]+) pts</td>`).FindStringSubmatch(tr)
		if m == nil || c == nil {
			t.Fatalf("an SBC's row without its name or change:\n%s", tr)
		}
		rows = append(rows, sbc{m[1], strings.Contains(tr, "Degrading"), parseFloat(t, c[1]), strings.Contains(tr, "<path d=")})
	}
	if len(rows) < 2 || rows[0].name != gen.DegradingSBC {
		t.Fatalf("SBCs %+v, want %s first", rows, gen.DegradingSBC)
	}
	for _, r := range rows {
		if !r.hasTrend {
			t.Errorf("%s: no success rate per day drawn", r.name)
		}
	}
	for _, r := range rows[1:] {
		if r.marked {
			t.Errorf("%s is marked degrading", r.name)
		}
		if r.change <= rows[0].change {
			t.Errorf("%s changed %+.1f points, %s %+.1f: want the planted SBC's the steepest fall", r.name, r.change, rows[0].name, rows[0].change)
		}
	}
	codes := regexp.MustCompile(`(?s)<h2 id="tel-codes">.*?</table>`).FindString(p.body)
	if !strings.Contains(codes, "Request Timeout") && !strings.Contains(codes, "Service Unavailable") {
		t.Errorf("the SIP codes name none of the degrading SBC's failures:\n%.1500s", codes)
	}

	// The SBC's calls: only its own, numbers masked; a stored call opens.
	link := regexp.MustCompile(`<a href="(/telephony/rows\?[^"]+)" title="The calls">`).FindStringSubmatch(sbcs)
	if link == nil {
		t.Fatal("no link to the SBC's calls")
	}
	list := v.get(html.UnescapeString(link[1]))
	if list.status != http.StatusOK || !strings.Contains(list.body, "<h1>Usage rows</h1>") || strings.Count(list.body, gen.DegradingSBC) < 10 {
		t.Fatalf("the SBC's calls: %d, %d mentions of it", list.status, strings.Count(list.body, gen.DegradingSBC))
	}
	for _, n := range phoneNumber.FindAllString(list.body, -1) {
		if !strings.HasSuffix(n, "***") {
			t.Errorf("number %s shown unmasked", n)
		}
	}
	call := regexp.MustCompile(`<a href="(/calls/[^"]+)">Open</a>`).FindStringSubmatch(list.body)
	if call == nil {
		t.Fatal("no usage row of the SBC leads to its stored call")
	}
	if c := v.get(html.UnescapeString(call[1])); c.status != http.StatusOK {
		t.Errorf("%s: %d", call[1], c.status)
	}
	if next := regexp.MustCompile(`<a href="([^"]+)" rel="next">`).FindStringSubmatch(list.body); next != nil {
		if more := v.get(html.UnescapeString(next[1])); more.status != http.StatusOK || !strings.Contains(more.body, "Newest page") {
			t.Errorf("the next page: %d", more.status)
		}
	}

	// Downloads.
	dl := regexp.MustCompile(`href="(/telephony/download\?[^"]*table=sbcs[^"]*)"`).FindStringSubmatch(p.body)
	if dl == nil {
		t.Fatal("no download of the SBCs")
	}
	if csv := v.get(html.UnescapeString(dl[1])); csv.status != http.StatusOK || !strings.HasPrefix(csv.body, "trunk,calls,attempts") ||
		!strings.Contains(csv.body, gen.DegradingSBC) {
		t.Errorf("SBC CSV: %d %.200q", csv.status, csv.body)
	}
}

// TestTelephonyUsagePage: the usage page shows calls, minutes and
// charges, the busiest users, numbers (masked), countries and call
// types, each leading to its calls; its tables download.
func TestTelephonyUsagePage(t *testing.T) {
	t.Parallel()
	d := telephonyDemo(t)
	v := newVisitor(t, d)
	v.signIn(d.tokens[access.Admin])
	p := v.get("/telephony")
	if p.status != http.StatusOK {
		t.Fatalf("telephony: %d", p.status)
	}
	if !strings.Contains(p.body, `<a href="/telephony" aria-current="page">Telephony</a>`) {
		t.Error("the navigation does not mark Telephony")
	}
	for _, label := range []string{"Calls", "Minutes", "Average call", "Established", "Charges"} {
		if !strings.Contains(p.body, `<span class="tlabel">`+label+`</span>`) {
			t.Errorf("no %q tile", label)
		}
	}
	for _, id := range []string{"tel-user", "tel-number", "tel-country", "tel-callType"} {
		sec := regexp.MustCompile(`(?s)<h2 id="` + id + `">.*?</table>`).FindString(p.body)
		if n := strings.Count(sec, `title="The calls"`); n == 0 {
			t.Errorf("%s: no groups", id)
		}
	}
	for _, n := range phoneNumber.FindAllString(p.body, -1) {
		if !strings.HasSuffix(n, "***") {
			t.Errorf("number %s shown unmasked", n)
		}
	}
	numbers := regexp.MustCompile(`(?s)<h2 id="tel-number">.*?</table>`).FindString(p.body)
	link := regexp.MustCompile(`<a href="(/telephony/rows\?[^"]+)" title="The calls">(\d+)</a>`).FindStringSubmatch(numbers)
	if link == nil {
		t.Fatal("no number leads to its calls")
	}
	rows := v.get(html.UnescapeString(link[1]))
	if rows.status != http.StatusOK || strings.Count(rows.body, `<td class="when">`) == 0 {
		t.Fatalf("a number's calls: %d", rows.status)
	}
	// Narrowing the page to a country keeps only it.
	country := regexp.MustCompile(`(?s)<h2 id="tel-country">.*?<a href="([^"]+)" title="Only this one">([A-Z]{2})</a>`).FindStringSubmatch(p.body)
	if country == nil {
		t.Fatal("no country to narrow to")
	}
	narrow := v.get(html.UnescapeString(country[1]))
	if !strings.Contains(narrow.body, "Country: "+country[2]) || strings.Count(regexp.MustCompile(`(?s)<h2 id="tel-country">.*?</table>`).FindString(narrow.body), `title="The calls"`) != 1 {
		t.Errorf("narrowed to %s: the chip or the one country missing", country[2])
	}
	dl := regexp.MustCompile(`href="(/telephony/download\?[^"]*by=country[^"]*)"`).FindStringSubmatch(p.body)
	if dl == nil {
		t.Fatal("no download by country")
	}
	if csv := v.get(html.UnescapeString(dl[1])); csv.status != http.StatusOK || !strings.HasPrefix(csv.body, "country,calls,") {
		t.Errorf("country CSV: %d %.120q", csv.status, csv.body)
	}
	if bad := v.get("/telephony/download?report=nonsense"); bad.status != http.StatusBadRequest {
		t.Errorf("a download of no report: %d", bad.status)
	}
}

// TestTelephonyTier1: the telephony pages are the organization's; Tier 1
// looks up one user at a time and may not see them.
func TestTelephonyTier1(t *testing.T) {
	t.Parallel()
	d := telephonyDemo(t)
	v := newVisitor(t, d)
	v.signIn(d.tokens[access.Specialist])
	for _, path := range []string{"/telephony", "/telephony/direct-routing", "/telephony/rows", "/telephony/download?report=rows"} {
		if p := v.get(path); p.status != http.StatusForbidden {
			t.Errorf("%s as a specialist: %d", path, p.status)
		}
	}
	if p := v.get("/users"); strings.Contains(p.body, `href="/telephony"`) {
		t.Error("the specialist's navigation offers Telephony")
	}
}

func parseFloat(t *testing.T, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// telephonyAnswers are the API's answers the telephony pages ask for
// over the demo's month, as the golden test of the pages (package web's
// TestTelephonyPagesGolden) has them under testdata/api: this test holds
// those files to what the API answers today, and -update writes them.
var telephonyAnswers = map[string]string{
	"tel-pstn-day.json":      "/api/v1/reports/pstn?days=30&by=day&top=100000",
	"tel-pstn-user.json":     "/api/v1/reports/pstn?days=30&by=user&top=10",
	"tel-pstn-number.json":   "/api/v1/reports/pstn?days=30&by=number&top=10",
	"tel-pstn-country.json":  "/api/v1/reports/pstn?days=30&by=country&top=10",
	"tel-pstn-callType.json": "/api/v1/reports/pstn?days=30&by=callType&top=10",
	"tel-pstn-prev.json":     "/api/v1/reports/pstn?since=2025-01-14T00:00:00Z&until=2025-02-13T00:00:00Z",
	"tel-dr.json":            "/api/v1/reports/direct-routing?days=30",
	"tel-dr-prev.json":       "/api/v1/reports/pstn?since=2025-01-14T00:00:00Z&until=2025-02-13T00:00:00Z&filter=kind%3DdirectRouting",
	"tel-rows.json":          "/api/v1/reports/usage-rows?days=30&filter=kind%3DdirectRouting&filter=trunk%3D" + gen.DegradingSBC + "&limit=20",
}

func TestTelephonyCannedAnswers(t *testing.T) {
	t.Parallel()
	d := telephonyDemo(t)
	for file, path := range telephonyAnswers {
		var raw json.RawMessage
		apiGet(t, d, access.Engineer, path, &raw)
		var pretty bytes.Buffer
		if err := json.Indent(&pretty, raw, "", "  "); err != nil {
			t.Fatal(err)
		}
		pretty.WriteByte('\n')
		golden.Check(t, filepath.Join("testdata", "api", file), pretty.Bytes())
	}
}
