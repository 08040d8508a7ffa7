package storetest

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/gen"
	"github.com/callscope/callscope/internal/graph"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/telephony"
)

// UsageBenchEnd is when the month of UsageTenantRows ends.
var UsageBenchEnd = time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)

// UsageTenantRows are n usage rows shaped like a real tenant's month:
// the PSTN and direct-routing rows of a generated organization (package
// gen: a hundred users, the month before UsageBenchEnd, its SBCs and the
// one that degrades) copied as more users until there are n. Each copy's
// ids, users and numbers are its own; only the first copy's correlation
// ids are those of the generated calls.
func UsageTenantRows(tb testing.TB, n int) []*model.UsageRow {
	tb.Helper()
	dir := tb.TempDir()
	if _, err := gen.Generate(context.Background(), dir, gen.Options{Seed: 7, Users: 100, Days: 30, End: UsageBenchEnd, Format: gen.FormatGraph}); err != nil {
		tb.Fatalf("generate: %v", err)
	}
	base := readGeneratedUsage(tb, filepath.Join(dir, "usage"))
	out := make([]*model.UsageRow, 0, n)
	for copyN := 0; len(out) < n; copyN++ {
		for _, r := range base {
			if len(out) == n {
				break
			}
			out = append(out, usageCopy(r, copyN))
		}
	}
	return out
}

// readGeneratedUsage decodes the usage logs gen wrote.
func readGeneratedUsage(tb testing.TB, dir string) []*model.UsageRow {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("generated usage logs in %s: %v", dir, err)
	}
	var out []*model.UsageRow
	for _, f := range files {
		kind := model.UsagePSTN
		if strings.Contains(filepath.Base(f), "DirectRouting") {
			kind = model.UsageDirectRouting
		}
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		var page struct{ Value []json.RawMessage }
		if err := json.Unmarshal(b, &page); err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		for _, raw := range page.Value {
			r, err := graph.DecodeUsageRow(kind, raw)
			if err != nil {
				tb.Fatalf("%s: %v", f, err)
			}
			out = append(out, r)
		}
	}
	return out
}

// usageCopy is r as the copy n of its user: copy 0 is r itself.
func usageCopy(r *model.UsageRow, n int) *model.UsageRow {
	if n == 0 {
		return r
	}
	c := *r
	suffix := "-" + strconv.Itoa(n)
	c.ID += suffix
	for _, o := range []*model.Opt[string]{&c.UserID, &c.CorrelationID, &c.CallID} {
		if v, ok := o.Get(); ok {
			*o = model.Some(v + suffix)
		}
	}
	if v, ok := c.UserPrincipalName.Get(); ok {
		c.UserPrincipalName = model.Some(strconv.Itoa(n) + "." + v)
	}
	// Another user has another number: digits after the country code
	// that the copy's number stands apart by.
	for _, o := range []*model.Opt[string]{&c.CallerNumber, &c.CalleeNumber} {
		if v, ok := o.Get(); ok && len(v) > 6 {
			*o = model.Some(v[:3] + strconv.Itoa(100+n%900) + v[6:])
		}
	}
	return &c
}

// BenchUsageReports times each report the API and the pages ask for
// over the tenant's rows of UsageTenantRows' month, through the
// reporter the API uses, one sub-benchmark each.
func BenchUsageReports(b *testing.B, st store.UsageReports, tenant string) {
	end := UsageBenchEnd
	r := telephony.Reporter{Store: st, Link: telephony.RowsLink, Now: func() time.Time { return end }}
	q := func(p telephony.Params) store.UsageQuery {
		p.Days = 30
		q, err := p.Query(tenant, end)
		if err != nil {
			b.Fatal(err)
		}
		return q
	}
	ctx := context.Background()
	user := benchUser(b, st, tenant)
	for _, tc := range []struct {
		name string
		run  func() error
	}{
		{"Totals", func() error { _, err := r.Usage(ctx, q(telephony.Params{}), telephony.Ranking{}); return err }},
		{"ByDay", func() error { _, err := r.Usage(ctx, q(telephony.Params{By: "day"}), telephony.Ranking{}); return err }},
		{"ByUser", func() error {
			_, err := r.Usage(ctx, q(telephony.Params{By: "user"}), telephony.Ranking{Top: 10})
			return err
		}},
		{"ByNumber", func() error {
			_, err := r.Usage(ctx, q(telephony.Params{By: "number"}), telephony.Ranking{Top: 10})
			return err
		}},
		{"ByCountryCallType", func() error {
			_, err := r.Usage(ctx, q(telephony.Params{By: "country,callType"}), telephony.Ranking{})
			return err
		}},
		{"DirectRoutingHealth", func() error { _, err := r.DirectRouting(ctx, q(telephony.Params{})); return err }},
		{"DirectRoutingOneSBC", func() error {
			_, err := r.DirectRouting(ctx, q(telephony.Params{Filters: []string{"trunk=sbc2-us.contoso.com"}}))
			return err
		}},
		{"RowsFirstPage", func() error {
			_, _, err := r.Rows(ctx, q(telephony.Params{Filters: []string{"trunk=sbc2-us.contoso.com", "success=false"}}), nil, 50, access.Engineer)
			return err
		}},
		{"RowsOfAUser", func() error {
			_, _, err := r.Rows(ctx, q(telephony.Params{Filters: []string{"user=" + user}}), nil, 50, access.Engineer)
			return err
		}},
	} {
		if err := tc.run(); err != nil {
			b.Fatalf("%s: %v", tc.name, err)
		}
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := tc.run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchUser is the user with the most calls.
func benchUser(b *testing.B, st store.UsageReports, tenant string) string {
	res, err := st.UsageReport(context.Background(), store.UsageQuery{Tenant: tenant, GroupBy: []store.UsageDimension{store.UsageDimUser}})
	if err != nil || len(res.Groups) == 0 {
		b.Fatalf("users: %v", err)
	}
	best := res.Groups[0]
	for _, g := range res.Groups {
		if g.Key[0] != nil && g.Calls > best.Calls {
			best = g
		}
	}
	return *best.Key[0]
}
