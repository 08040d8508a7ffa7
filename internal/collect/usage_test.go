package collect

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/ingest"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/privacy"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/duckdb"
)

// These tests run the collector against a real store and an in-process
// stand-in for msgraph's listings; the HTTP side of the listings (pages,
// windows, throttling) is tested in package msgraph against a stand-in
// Graph.

const usageTenant = "contoso"

// fakeLogs stands in for msgraph.Client's usage listings: it yields the
// rows of each log whose startDateTime is in the window asked for, in
// order, and can fail after a number of rows, as a walk whose next page
// Graph refused.
type fakeLogs struct {
	mu      sync.Mutex
	rows    map[model.UsageKind][]json.RawMessage
	failPST int // when > 0, the PSTN listing fails after this many rows
	asked   []string
}

func (f *fakeLogs) ListPstnCalls(ctx context.Context, from, to time.Time) iter.Seq2[json.RawMessage, error] {
	return f.list(model.UsagePSTN, from, to)
}

func (f *fakeLogs) ListDirectRoutingCalls(ctx context.Context, from, to time.Time) iter.Seq2[json.RawMessage, error] {
	return f.list(model.UsageDirectRouting, from, to)
}

func (f *fakeLogs) add(kind model.UsageKind, raw ...json.RawMessage) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.rows == nil {
		f.rows = map[model.UsageKind][]json.RawMessage{}
	}
	f.rows[kind] = append(f.rows[kind], raw...)
}

func (f *fakeLogs) windows() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.asked)
}

func (f *fakeLogs) list(kind model.UsageKind, from, to time.Time) iter.Seq2[json.RawMessage, error] {
	f.mu.Lock()
	f.asked = append(f.asked, fmt.Sprintf("%s %s–%s", kind, from.Format(time.DateOnly), to.Format(time.DateOnly)))
	rows := slices.Clone(f.rows[kind])
	fail := 0
	if kind == model.UsagePSTN {
		fail = f.failPST
	}
	f.mu.Unlock()
	return func(yield func(json.RawMessage, error) bool) {
		n := 0
		for _, raw := range rows {
			var r struct{ StartDateTime time.Time }
			_ = json.Unmarshal(raw, &r)
			if r.StartDateTime.Before(from) || !r.StartDateTime.Before(to) {
				continue
			}
			if fail > 0 && n == fail {
				yield(nil, errors.New("Graph answered 503 to page 3"))
				return
			}
			n++
			if !yield(raw, nil) {
				return
			}
		}
	}
}

// exampleRow returns the first row of a usage example with another id
// and start time.
func exampleRow(t *testing.T, name, id string, start time.Time) json.RawMessage {
	t.Helper()
	var doc struct{ Value []map[string]any }
	if err := json.Unmarshal([]byte(example(t, name)), &doc); err != nil {
		t.Fatal(err)
	}
	r := doc.Value[0]
	r["id"], r["startDateTime"] = id, start.Format(time.RFC3339Nano)
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// dayRows adds n rows of each log starting on day d, ids named by day.
func dayRows(t *testing.T, f *fakeLogs, d time.Time, n int) {
	t.Helper()
	for i := range n {
		at := d.Add(time.Duration(i) * time.Minute)
		f.add(model.UsagePSTN, exampleRow(t, "pstn-calls.json", fmt.Sprintf("pstn-%s-%d", d.Format(time.DateOnly), i), at))
		f.add(model.UsageDirectRouting, exampleRow(t, "direct-routing-calls.json", fmt.Sprintf("dr-%s-%d", d.Format(time.DateOnly), i), at))
	}
}

// batchStore records the size of every PutUsageRows batch.
type batchStore struct {
	*duckdb.DB
	mu      sync.Mutex
	batches []int
}

func (b *batchStore) PutUsageRows(ctx context.Context, tenant string, rows []*model.UsageRow) ([]model.Outcome, error) {
	b.mu.Lock()
	b.batches = append(b.batches, len(rows))
	b.mu.Unlock()
	return b.DB.PutUsageRows(ctx, tenant, rows)
}

func usageRowCount(t *testing.T, st store.Store) int64 {
	t.Helper()
	s, err := st.Stats(context.Background(), usageTenant)
	if err != nil {
		t.Fatal(err)
	}
	return s.UsageRows
}

func through(t *testing.T, u *UsageCollector, kind model.UsageKind) string {
	t.Helper()
	d, err := u.Through(context.Background(), usageTenant, kind)
	if err != nil {
		t.Fatal(err)
	}
	if d.IsZero() {
		return "none"
	}
	return d.Format(time.DateOnly)
}

func counts(c UsageCounts) string {
	return fmt.Sprintf("%s–%s listed %d inserted %d replaced %d unchanged %d rejected %d through %s",
		c.From.Format(time.DateOnly), c.To.Format(time.DateOnly), c.Listed, c.Inserted, c.Replaced, c.Unchanged, c.Rejected, c.Through.Format(time.DateOnly))
}

// TestUsageCollectedLikeIngested stores the docs' examples once through
// the collector and once by ingesting the example files, and checks that
// the stores hold the same rows under the same keys, that retention
// clears their phone numbers alike and that redaction masks them alike.
func TestUsageCollectedLikeIngested(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	files := []string{"pstn-calls.json", "direct-routing-calls.json"}

	ingested := openStore(t, "")
	var paths []string
	for _, f := range files {
		paths = append(paths, filepath.Join("..", "..", "examples", "graph", f))
	}
	if _, err := ingest.Run(ctx, ingested, paths, ingest.Options{Tenant: usageTenant}); err != nil {
		t.Fatal(err)
	}

	collected := openStore(t, "")
	f := &fakeLogs{}
	for i, kind := range []model.UsageKind{model.UsagePSTN, model.UsageDirectRouting} {
		var doc struct{ Value []json.RawMessage }
		if err := json.Unmarshal([]byte(example(t, files[i])), &doc); err != nil {
			t.Fatal(err)
		}
		f.add(kind, doc.Value...) // the elements exactly as Graph's page has them
	}
	u := &UsageCollector{Store: collected, Now: func() time.Time { return time.Date(2019, 11, 3, 1, 0, 0, 0, time.UTC) }}
	res, err := u.Collect(ctx, usageTenant, f, time.Date(2019, 11, 1, 0, 0, 0, 0, time.UTC), time.Date(2019, 11, 2, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if res.PSTN.Inserted != 1 || res.DirectRouting.Inserted != 1 {
		t.Fatalf("collected %s / %s, want one row of each log", counts(res.PSTN), counts(res.DirectRouting))
	}

	rows := func(st store.Store) map[string]string {
		out := map[string]string{}
		err := st.ScanUsageRows(ctx, usageTenant, time.Time{}, func(r store.UsageRecord) error {
			b, err := json.Marshal(r.Row)
			out[string(r.Row.Kind)+"/"+r.Key] = string(b)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	want := rows(ingested)
	if got := rows(collected); fmt.Sprint(got) != fmt.Sprint(want) || len(got) != 2 {
		t.Fatalf("collected rows\n%v\ningested rows\n%v", got, want)
	}

	// Redaction: the same row shows the same to each role; phone numbers
	// lose their last three digits whoever looks.
	var pol access.Policy
	for _, st := range []store.Store{ingested, collected} {
		_ = st.ScanUsageRows(ctx, usageTenant, time.Time{}, func(r store.UsageRecord) error {
			if r.Row.Kind != model.UsagePSTN {
				return nil
			}
			for _, role := range []access.Role{access.Admin, access.Engineer} {
				red := pol.RedactUsage(r.Row, role, "")
				if n, _ := red.CallerNumber.Get(); !strings.HasSuffix(n, "***") || n == "+0123456789" {
					t.Errorf("%s sees caller number %q, want it masked", role, n)
				}
			}
			return nil
		})
	}

	// Retention: 28 days after the calls, the phone numbers are gone
	// from both stores alike. The scrubber visits the tenants that have
	// calls, so both stores get the same call record too.
	for _, st := range []store.Store{ingested, collected} {
		rec := filepath.Join(t.TempDir(), "record.json")
		if err := os.WriteFile(rec, record(t, "usage-tenant-call"), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := ingest.Run(ctx, st, []string{rec}, ingest.Options{Tenant: usageTenant}); err != nil {
			t.Fatal(err)
		}
		s := privacy.Scrubber{Store: st, Policy: privacy.DefaultPolicy(), Now: func() time.Time { return time.Date(2019, 12, 15, 0, 0, 0, 0, time.UTC) }}
		r, err := s.Run(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if r.UsageRowsCleared != 2 {
			t.Errorf("retention cleared %d usage rows, want 2", r.UsageRowsCleared)
		}
	}
	scrubbed := rows(collected)
	if fmt.Sprint(scrubbed) != fmt.Sprint(rows(ingested)) {
		t.Errorf("after retention, collected rows\n%v\ningested rows\n%v", scrubbed, rows(ingested))
	}
	for k, v := range scrubbed {
		if strings.Contains(v, `Number":"`) || strings.Contains(v, "richard.malk") || strings.Contains(v, "Richard") {
			t.Errorf("row %s keeps personal data after retention: %s", k, v)
		}
	}
}

func TestUsageCollectNewIsIdempotentAndAdvances(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := &batchStore{DB: openStore(t, "")}
	now := t0 // 2026-03-02 10:00
	u := &UsageCollector{Store: st, FirstDays: 5, Now: func() time.Time { return now }}
	f := &fakeLogs{}
	for d := day(t0).AddDate(0, 0, -6); !d.After(day(t0)); d = d.AddDate(0, 0, 1) {
		dayRows(t, f, d, 3)
	}

	// First run: nothing remembered, the last five whole days; today is
	// not over and is left alone.
	res, err := u.CollectNew(ctx, usageTenant, f)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := counts(res.PSTN), "2026-02-25–2026-03-02 listed 15 inserted 15 replaced 0 unchanged 0 rejected 0 through 2026-03-01"; got != want {
		t.Errorf("first run %s, want %s", got, want)
	}
	if res.DirectRouting.Inserted != 15 {
		t.Errorf("first run direct routing %s", counts(res.DirectRouting))
	}
	if through(t, u, model.UsagePSTN) != "2026-03-01" || through(t, u, model.UsageDirectRouting) != "2026-03-01" {
		t.Errorf("remembered %s / %s, want 2026-03-01", through(t, u, model.UsagePSTN), through(t, u, model.UsageDirectRouting))
	}

	// Again the same day: the overlap only, all of it already stored.
	res, err = u.CollectNew(ctx, usageTenant, f)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := counts(res.PSTN), "2026-02-27–2026-03-02 listed 9 inserted 0 replaced 0 unchanged 9 rejected 0 through 2026-03-01"; got != want {
		t.Errorf("second run %s, want %s", got, want)
	}
	if n := usageRowCount(t, st.DB); n != 30 {
		t.Errorf("%d usage rows stored, want 30", n)
	}

	// The next day: one new day plus the overlap; a row of an
	// overlapped day that Graph published late is picked up.
	now = now.AddDate(0, 0, 1)
	f.add(model.UsagePSTN, exampleRow(t, "pstn-calls.json", "late", time.Date(2026, 2, 28, 23, 59, 0, 0, time.UTC)))
	res, err = u.CollectNew(ctx, usageTenant, f)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := counts(res.PSTN), "2026-02-27–2026-03-03 listed 13 inserted 4 replaced 0 unchanged 9 rejected 0 through 2026-03-02"; got != want {
		t.Errorf("next day %s, want %s", got, want)
	}
	if through(t, u, model.UsageDirectRouting) != "2026-03-02" {
		t.Errorf("direct routing remembered %s, want 2026-03-02", through(t, u, model.UsageDirectRouting))
	}
	want := []string{
		"pstn 2026-02-25–2026-03-02", "directRouting 2026-02-25–2026-03-02",
		"pstn 2026-02-27–2026-03-02", "directRouting 2026-02-27–2026-03-02",
		"pstn 2026-02-27–2026-03-03", "directRouting 2026-02-27–2026-03-03",
	}
	if got := f.windows(); !slices.Equal(got, want) {
		t.Errorf("windows asked\n%q\nwant\n%q", got, want)
	}
}

func TestUsageFailureKeepsRowsAndTheRememberedDay(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := &batchStore{DB: openStore(t, "")}
	u := &UsageCollector{Store: st, Now: func() time.Time { return t0 }}
	f := &fakeLogs{}
	dayRows(t, f, day(t0).AddDate(0, 0, -2), 1)
	if _, err := u.CollectNew(ctx, usageTenant, f); err != nil {
		t.Fatal(err)
	}
	before := through(t, u, model.UsagePSTN)

	// 2,500 rows of yesterday; Graph fails after 1,500 of them.
	yesterday := day(t0).AddDate(0, 0, -1)
	for i := range 2500 {
		f.add(model.UsagePSTN, exampleRow(t, "pstn-calls.json", fmt.Sprint("bulk-", i), yesterday.Add(time.Duration(i)*time.Second)))
	}
	f.failPST = 1500
	st.batches = nil
	res, err := u.Collect(ctx, usageTenant, f, yesterday, day(t0))
	if err == nil || !strings.Contains(err.Error(), "503") || !strings.Contains(err.Error(), "pstn usage collection of tenant contoso") {
		t.Fatalf("err %v, want the listing's failure with its context", err)
	}
	if res.PSTN.Inserted != 1500 || res.PSTN.Through.Format(time.DateOnly) != before {
		t.Errorf("failed run %s, want 1500 stored and the remembered day kept at %s", counts(res.PSTN), before)
	}
	if through(t, u, model.UsagePSTN) != before {
		t.Errorf("remembered day moved to %s after a failure", through(t, u, model.UsagePSTN))
	}
	// The other log does not wait for the failed one.
	if through(t, u, model.UsageDirectRouting) != yesterday.Format(time.DateOnly) {
		t.Errorf("direct routing remembered %s, want %s", through(t, u, model.UsageDirectRouting), yesterday.Format(time.DateOnly))
	}
	if slices.Max(st.batches) > usageBatch {
		t.Errorf("batches %v, want none above %d rows", st.batches, usageBatch)
	}

	// Once Graph answers again, the rest comes and the day is remembered.
	f.failPST = 0
	res, err = u.CollectNew(ctx, usageTenant, f)
	if err != nil {
		t.Fatal(err)
	}
	if res.PSTN.Inserted != 1000 || res.PSTN.Unchanged != 1501 || through(t, u, model.UsagePSTN) != yesterday.Format(time.DateOnly) {
		t.Errorf("run after the failure %s", counts(res.PSTN))
	}
	if n := usageRowCount(t, st.DB); n != 2502 {
		t.Errorf("%d usage rows stored, want 2502", n)
	}
}

func TestUsageRememberedDayOnlyMovesOverCollectedDays(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	u := &UsageCollector{Store: openStore(t, ""), Now: func() time.Time { return t0 }}
	f := &fakeLogs{}
	d := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	step := func(from, to, want string) {
		t.Helper()
		if _, err := u.Collect(ctx, usageTenant, f, d(from), d(to)); err != nil {
			t.Fatal(err)
		}
		if got := through(t, u, model.UsagePSTN); got != want {
			t.Errorf("after %s – %s remembered %s, want %s", from, to, got, want)
		}
	}
	step("2026-02-01", "2026-02-10", "2026-02-09") // a backfill with nothing remembered
	step("2026-02-20", "2026-02-25", "2026-02-09") // leaves a gap: not collected through
	step("2026-02-08", "2026-02-15", "2026-02-14") // overlaps: moves on
	step("2026-02-15", "2026-02-16", "2026-02-15") // the day after: moves on
	step("2026-01-01", "2026-01-05", "2026-02-15") // older: never moves back
	step("2026-02-16", "2026-03-05", "2026-03-01") // today (03-02) and later are not over yet
	if _, err := u.Collect(ctx, usageTenant, f, d("2026-02-02"), d("2026-02-02")); err == nil {
		t.Error("an empty window was accepted")
	}
}

func TestUsageRowThatCannotBeReadIsCountedNotStored(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := openStore(t, "")
	u := &UsageCollector{Store: st, Now: func() time.Time { return t0 }}
	f := &fakeLogs{}
	yesterday := day(t0).AddDate(0, 0, -1)
	f.add(model.UsagePSTN, exampleRow(t, "pstn-calls.json", "", yesterday)) // no id
	f.add(model.UsagePSTN, exampleRow(t, "pstn-calls.json", "good", yesterday))
	res, err := u.Collect(ctx, usageTenant, f, yesterday, day(t0))
	if err != nil {
		t.Fatal(err)
	}
	if res.PSTN.Listed != 2 || res.PSTN.Rejected != 1 || res.PSTN.Inserted != 1 || through(t, u, model.UsagePSTN) != yesterday.Format(time.DateOnly) {
		t.Errorf("got %s", counts(res.PSTN))
	}
}

// ExampleUsageCollector_CollectNew is a tenant's daily run: the first
// one reaches back FirstDays, later ones fetch the new days and a few
// already collected, which the store answers Unchanged.
func ExampleUsageCollector_CollectNew() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "usage")
	defer os.RemoveAll(dir)
	st, err := duckdb.Open(ctx, filepath.Join(dir, "callscope.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer st.Close()

	// In a service the lister is the tenant's *msgraph.Client.
	logs := &fakeLogs{}
	for kind, file := range map[model.UsageKind]string{model.UsagePSTN: "pstn-calls.json", model.UsageDirectRouting: "direct-routing-calls.json"} {
		b, _ := os.ReadFile(filepath.Join("..", "..", "examples", "graph", file))
		var page struct{ Value []json.RawMessage }
		_ = json.Unmarshal(b, &page)
		logs.add(kind, page.Value...)
	}
	u := &UsageCollector{Store: st, FirstDays: 7, Now: func() time.Time { return time.Date(2019, 11, 3, 6, 0, 0, 0, time.UTC) }}
	for range 2 {
		res, err := u.CollectNew(ctx, "contoso", logs)
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, c := range []UsageCounts{res.PSTN, res.DirectRouting} {
			fmt.Printf("%s %s – %s: %d new, %d unchanged; collected through %s\n", c.Kind,
				c.From.Format(time.DateOnly), c.To.Format(time.DateOnly), c.Inserted, c.Unchanged, c.Through.Format(time.DateOnly))
		}
	}
	// Output:
	// pstn 2019-10-27 – 2019-11-03: 1 new, 0 unchanged; collected through 2019-11-02
	// directRouting 2019-10-27 – 2019-11-03: 1 new, 0 unchanged; collected through 2019-11-02
	// pstn 2019-10-31 – 2019-11-03: 0 new, 1 unchanged; collected through 2019-11-02
	// directRouting 2019-10-31 – 2019-11-03: 0 new, 1 unchanged; collected through 2019-11-02
}
