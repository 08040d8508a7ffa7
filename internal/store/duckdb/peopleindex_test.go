package duckdb

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/storetest"
)

// indexPerson is one of the people the index tests' calls are made of.
type indexPerson struct{ id, upn, phone string }

func indexPeople() []indexPerson {
	var out []indexPerson
	for i := range 12 {
		p := indexPerson{id: fmt.Sprintf("%08d-aaaa-4bbb-8ccc-%012d", i, i), upn: fmt.Sprintf("Person.%d@Contoso.com", i)}
		if i%4 == 0 {
			p = indexPerson{phone: fmt.Sprintf("+1425555%04d", i)} // a caller on the phone network
		}
		out = append(out, p)
	}
	return out
}

// indexCall is a call of some of the people; a zero start leaves it
// undated, as a page of a record never completed is.
func indexCall(tenant, id string, version int64, start time.Time, who []indexPerson) *model.Call {
	c := storetest.SampleCall(tenant, id, version, start, len(who), 1)
	if start.IsZero() {
		c.StartDateTime, c.EndDateTime = model.Opt[time.Time]{}, model.Opt[time.Time]{}
	}
	for i, s := range c.Sessions {
		p := who[i]
		e := &model.Endpoint{ODataType: "#microsoft.graph.callRecords.participantEndpoint"}
		if p.phone != "" {
			e.Identity = &model.IdentitySet{Phone: &model.Identity{ID: model.Some(p.phone)}}
		} else {
			e.AssociatedIdentity = &model.Identity{ID: model.Some(p.id), UserPrincipalName: model.Some(p.upn), DisplayName: model.Some("P " + p.upn)}
		}
		s.Caller = e
		for _, g := range s.Segments {
			g.Caller = e
		}
	}
	c.Participants, c.ParticipantsV2, c.Organizer, c.OrganizerV2 = nil, nil, nil, nil
	return c
}

// TestPeopleIndexAnswersAsTheTables: calls of random people, some
// replaced by versions with other people, some deleted by retention, some
// rewritten with another rating; for every way of naming each person and
// every window and page, the index lists what the tables list.
func TestPeopleIndexAnswersAsTheTables(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := openAt(t, filepath.Join(t.TempDir(), "callscope.db"))
	rng := rand.New(rand.NewPCG(1, 2))
	people := indexPeople()
	base := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	pick := func() []indexPerson {
		n := 1 + rng.IntN(4)
		out := make([]indexPerson, n)
		for i := range out {
			out[i] = people[rng.IntN(len(people))]
		}
		return out
	}
	var calls []*model.Call
	for i := range 300 {
		start := base.Add(time.Duration(rng.IntN(30*24)) * time.Hour)
		if i%3 == 0 {
			start = base.Add(time.Duration(i/3) * time.Hour) // several calls at one instant
		}
		if i%37 == 0 {
			start = time.Time{}
		}
		tenant := "tenant-a"
		if i%5 == 0 {
			tenant = "tenant-b"
		}
		calls = append(calls, indexCall(tenant, fmt.Sprintf("call-%03d", i%250), 1+int64(i/250), start, pick()))
	}
	// Meetings of more sessions than the index keeps whole.
	for i := range 6 {
		var who []indexPerson
		for j := range splitSessions + 5 + 7*i {
			who = append(who, people[(i+j)%len(people)])
		}
		calls = append(calls, indexCall("tenant-a", fmt.Sprintf("meeting-%d", i), 1, base.Add(time.Duration(i)*24*time.Hour+time.Hour), who))
	}
	for i := 0; i < len(calls); i += 64 {
		if _, err := d.PutCalls(ctx, calls[i:min(i+64, len(calls))]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := d.DeleteCalls(ctx, "tenant-a", base.Add(3*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	again, err := d.Call(ctx, "tenant-b", "call-005")
	if err != nil {
		t.Fatal(err)
	}
	again.Sessions[0].Rating = model.RatingPoor
	if err := d.RewriteCalls(ctx, []*model.Call{again}); err != nil {
		t.Fatal(err)
	}

	var names []string
	for _, p := range people {
		if p.phone != "" {
			names = append(names, p.phone, "+1 (425) 555-"+p.phone[8:])
			continue
		}
		names = append(names, p.id, strings.ToUpper(p.id), p.upn, " "+strings.ToLower(p.upn)+" ")
	}
	names = append(names, "nobody@contoso.com")
	windows := []struct{ since, before time.Time }{
		{}, {since: base.Add(10 * 24 * time.Hour)}, {before: base.Add(20 * 24 * time.Hour)},
		{since: base.Add(5 * 24 * time.Hour), before: base.Add(6 * 24 * time.Hour)},
	}
	pages := []struct{ limit, offset int }{{0, 0}, {5, 0}, {5, 5}, {50, 3}, {0, 400}}
	checked := 0
	for _, tenant := range []string{"tenant-a", "tenant-b", "tenant-c"} {
		for _, name := range names {
			for _, w := range windows {
				for _, pg := range pages {
					f := store.CallFilter{Tenant: tenant, User: name, Since: w.since, Before: w.before, Limit: pg.limit, Offset: pg.offset}
					if msg := indexDiff(d, f); msg != "" {
						t.Fatal(msg)
					}
					checked++
				}
			}
		}
	}
	// The test means something only if the lists were not all empty.
	full, err := d.ListCalls(ctx, store.CallFilter{Tenant: "tenant-a", User: people[1].upn})
	if err != nil || len(full) < 10 {
		t.Fatalf("person 1 has %d calls (%v): want several", len(full), err)
	}
	t.Logf("%d filters checked", checked)
}

// TestPeopleIndexRebuilt: an index that may not match the tables — cut
// off between the engine's commit and its own, missing, of another
// version, or beside another store's file — is built again when the
// store opens.
func TestPeopleIndexRebuilt(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		spoil func(t *testing.T, path string)
		want  int
	}{
		{"dirty", func(t *testing.T, path string) {
			withIndex(t, path+peopleIndexSuffix, func(tx *bolt.Tx) error {
				// An entry the tables do not have, as if a write had been
				// undone after the index took it.
				if err := tx.Bucket(bucketPeople).Put(peopleKey("tenant-a", "u"+"ghost@contoso.com", nil, "ghost"), nil); err != nil {
					return err
				}
				return tx.Bucket(bucketMeta).Put(keyDirty, []byte{1})
			})
		}, 20},
		{"stamped otherwise", func(t *testing.T, path string) {
			// A write the store committed and the index never got.
			withIndex(t, path+peopleIndexSuffix, func(tx *bolt.Tx) error {
				if err := tx.Bucket(bucketPeople).Put(peopleKey("tenant-a", "u"+"ghost@contoso.com", nil, "ghost"), nil); err != nil {
					return err
				}
				return tx.Bucket(bucketMeta).Put(keyStamp, []byte("an older stamp"))
			})
		}, 20},
		{"missing", func(t *testing.T, path string) {
			if err := os.Remove(path + peopleIndexSuffix); err != nil {
				t.Fatal(err)
			}
		}, 20},
		{"other version", func(t *testing.T, path string) {
			withIndex(t, path+peopleIndexSuffix, func(tx *bolt.Tx) error {
				if err := tx.DeleteBucket(bucketCalls); err != nil {
					return err
				}
				return tx.Bucket(bucketMeta).Put(keyVersion, []byte("0"))
			})
		}, 20},
		{"overwritten", func(t *testing.T, path string) {
			garbage := bytes.Repeat([]byte("not an index "), 8000)
			if err := os.WriteFile(path+peopleIndexSuffix, garbage, 0o600); err != nil {
				t.Fatal(err)
			}
		}, 20},
		{"cut short", func(t *testing.T, path string) {
			if err := os.Truncate(path+peopleIndexSuffix, 4096); err != nil {
				t.Fatal(err)
			}
		}, 20},
		{"empty", func(t *testing.T, path string) {
			if err := os.Truncate(path+peopleIndexSuffix, 0); err != nil {
				t.Fatal(err)
			}
		}, 20},
		{"store file deleted", func(t *testing.T, path string) {
			for _, f := range []string{path, path + ".wal"} {
				if err := os.Remove(f); err != nil && !os.IsNotExist(err) {
					t.Fatal(err)
				}
			}
		}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "callscope.db")
			d, err := Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			people := indexPeople()
			var calls []*model.Call
			for i := range 20 {
				calls = append(calls, indexCall("tenant-a", fmt.Sprintf("c-%02d", i), 1, time.Date(2025, 3, 1, i, 0, 0, 0, time.UTC), people[1:1+i%3+1]))
			}
			if _, err := d.PutCalls(ctx, calls); err != nil {
				t.Fatal(err)
			}
			if err := d.Close(); err != nil {
				t.Fatal(err)
			}
			tc.spoil(t, path)
			d = openAt(t, path) // its invariants compare the index with the tables
			got, err := d.ListCalls(ctx, store.CallFilter{Tenant: "tenant-a", User: people[1].upn})
			if err != nil || len(got) != tc.want {
				t.Fatalf("person 1's calls after reopening: %d, %v; want %d", len(got), err, tc.want)
			}
			if got, _ := d.ListCalls(ctx, store.CallFilter{Tenant: "tenant-a", User: "ghost@contoso.com"}); len(got) != 0 {
				t.Errorf("a person the tables do not have is listed: %+v", got)
			}
		})
	}
}

func withIndex(t *testing.T, path string, fn func(*bolt.Tx) error) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(fn); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestPeopleIndexNewFileAfterCompaction: a compaction writes the index
// anew into a new file, so that identifiers retention cleared are not
// left in the old one's free pages.
func TestPeopleIndexNewFileAfterCompaction(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "callscope.db")
	d := openAt(t, path, WithPlainStorage())
	people := indexPeople()
	var calls []*model.Call
	for i := range 40 {
		calls = append(calls, indexCall("tenant-a", fmt.Sprintf("c-%02d", i), 1, time.Date(2025, 3, 1+i%20, 9, 0, 0, 0, time.UTC), people[1:3]))
	}
	if _, err := d.PutCalls(ctx, calls); err != nil {
		t.Fatal(err)
	}
	// Person 1 leaves every call: their UPN must leave the index's file.
	for _, c := range calls {
		c.Sessions[0].Caller = c.Sessions[1].Caller
		c.Sessions[0].Segments[0].Caller = c.Sessions[1].Caller
	}
	if err := d.RewriteCalls(ctx, calls); err != nil {
		t.Fatal(err)
	}
	if got, _ := d.ListCalls(ctx, store.CallFilter{Tenant: "tenant-a", User: people[1].upn}); len(got) != 0 {
		t.Fatalf("person 1 still has %d calls", len(got))
	}
	if _, err := d.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path + peopleIndexSuffix)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.ToLower(string(raw)), strings.ToLower(people[1].upn)) {
		t.Errorf("person 1's UPN is still in the index file after compaction")
	}
	if !strings.Contains(string(raw), strings.ToLower(people[2].upn)) {
		t.Errorf("person 2's UPN is not in the index file: the scan proves nothing")
	}
	if got, _ := d.ListCalls(ctx, store.CallFilter{Tenant: "tenant-a", User: people[2].upn}); len(got) != 40 {
		t.Errorf("person 2 has %d calls after compaction; want 40", len(got))
	}
}

// TestWritesCutOffLeaveNoBrokenConnection: writes whose context ends at
// any moment — before, during or after BEGIN, mid-statement — fail or
// succeed, and every read after them works: no connection goes back to
// the pool inside a transaction. The store's invariants, checked at the
// end, hold the people index to the tables: a commit cut off after it
// took place, which the index never heard of, broke them.
func TestWritesCutOffLeaveNoBrokenConnection(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := openAt(t, filepath.Join(t.TempDir(), "callscope.db"))
	people := indexPeople()
	rng := rand.New(rand.NewPCG(3, 4))
	failed := 0
	for i := range 300 {
		wctx, cancel := context.WithTimeout(ctx, time.Duration(rng.IntN(30000))*time.Microsecond)
		c := indexCall("tenant-a", fmt.Sprintf("c-%03d", i%40), int64(1+i/40), time.Date(2025, 3, 1, 9, i%60, 0, 0, time.UTC), people[1:3])
		if _, err := d.PutCalls(wctx, []*model.Call{c}); err != nil {
			failed++
		}
		cancel()
		if _, _, err := d.Setting(ctx, "anything"); err != nil {
			t.Fatalf("read after write %d: %v", i, err)
		}
		if _, err := d.ListCalls(ctx, store.CallFilter{Tenant: "tenant-a", User: people[1].upn, UndatedStoredBefore: time.Now()}); err != nil {
			t.Fatalf("list after write %d: %v", i, err)
		}
	}
	t.Logf("%d of 300 writes cut off", failed)
}
