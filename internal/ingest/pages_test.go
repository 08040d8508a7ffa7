package ingest

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestPagesFoldedIntoTheirRecord: a record's participants_v2 pages that
// follow it on lines of their own end up in the stored record, whichever
// version of it the batch or the store holds, and the record is not
// reported incomplete.
func TestPagesFoldedIntoTheirRecord(t *testing.T) {
	t.Parallel()
	recOf := func(id string, version int) string {
		return fmt.Sprintf(`{"id":%q,"version":%d,"type":"groupCall","participants_v2":[{"id":"p1"}],`+
			`"participants_v2@odata.nextLink":"https://graph.microsoft.com/v1.0/communications/callRecords/%s/participants_v2?$skiptoken=x"}`+"\n", id, version, id)
	}
	pageOf := func(id string) string {
		return `{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#communications/callRecords('` + id + `')/participants_v2",` +
			`"value":[{"id":"p2"},{"id":"p3"}]}` + "\n"
	}
	rec := func(version int) string { return recOf("m", version) }
	page := pageOf("m")
	for _, tc := range []struct {
		name         string
		before, file string
		version      int64
	}{
		{"record then page", "", rec(1) + page, 1},
		{"newer version first", "", rec(2) + rec(1) + page, 2},
		{"the store holds a newer version", rec(2), rec(1) + page, 2},
		{"two meetings", "", recOf("n", 1) + pageOf("n") + rec(1) + page, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			st := openStore(t)
			run := func(name, in string) *Summary {
				b, err := Start(context.Background(), st, Options{Tenant: "contoso"})
				if err != nil {
					t.Fatal(err)
				}
				if err := b.Add(name, strings.NewReader(in)); err != nil {
					t.Fatal(err)
				}
				sum, err := b.Finish()
				if err != nil {
					t.Fatal(err)
				}
				return sum
			}
			if tc.before != "" {
				run("before.jsonl", tc.before)
			}
			sum := run("calls.jsonl", tc.file)
			if len(sum.Rejected) != 0 || len(sum.Incomplete) != 0 {
				t.Errorf("rejected %+v, incomplete %+v; want neither", sum.Rejected, sum.Incomplete)
			}
			for _, id := range []string{"m", "n"} {
				c, err := st.Call(context.Background(), "contoso", id)
				if id == "n" && !strings.Contains(tc.file, `"n"`) {
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				if c.Version != tc.version || len(c.ParticipantsV2) != 3 {
					t.Errorf("%s: stored version %d with %d participants; want version %d with 3", id, c.Version, len(c.ParticipantsV2), tc.version)
				}
			}
		})
	}
}
