package store_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// joinSplit puts a split call back together as a view would: the head
// decoded, each session's segments taken from its chunk.
func joinSplit(t *testing.T, sp *store.SplitDetail) *model.Call {
	t.Helper()
	head, err := store.DecompressDetail(sp.Head)
	if err != nil {
		t.Fatal(err)
	}
	var c model.Call
	if err := json.Unmarshal(head, &c); err != nil {
		t.Fatalf("head: %v\n%s", err, head)
	}
	if want := (len(c.Sessions) + store.SplitSessions - 1) / store.SplitSessions; len(sp.Chunks) != want {
		t.Fatalf("%d chunks for %d sessions, want %d", len(sp.Chunks), len(c.Sessions), want)
	}
	for n, z := range sp.Chunks {
		raw, err := store.DecompressDetail(z)
		if err != nil {
			t.Fatal(err)
		}
		var segs [][]*model.Segment
		if err := json.Unmarshal(raw, &segs); err != nil {
			t.Fatalf("chunk %d: %v", n, err)
		}
		for j, sg := range segs {
			i := n*store.SplitSessions + j
			if i >= len(c.Sessions) {
				t.Fatalf("chunk %d holds session %d of %d", n, i, len(c.Sessions))
			}
			if s := c.Sessions[i]; s != nil {
				if s.Segments != nil {
					t.Fatalf("the head keeps session %d's segments", i)
				}
				s.Segments = sg
			} else if sg != nil {
				t.Fatalf("segments for null session %d", i)
			}
		}
	}
	return &c
}

func meeting(sessions int) *model.Call {
	c := &model.Call{Tenant: "t", ID: "town-hall", Version: 3, Extra: model.Extra{"segments": json.RawMessage(`"not a session's"`)}}
	for i := range sessions {
		switch {
		case i == 3:
			c.Sessions = append(c.Sessions, nil)
		case i%7 == 0:
			c.Sessions = append(c.Sessions, &model.Session{ID: model.Some(fmt.Sprintf("s%d", i))}) // no segments
		default:
			s := &model.Session{ID: model.Some(fmt.Sprintf("s%d", i)), Extra: model.Extra{"segments": json.RawMessage(`[1]`)}}
			for j := range 1 + i%3 {
				s.Segments = append(s.Segments, &model.Segment{ID: model.Some(fmt.Sprintf("s%d-g%d", i, j))})
			}
			c.Sessions = append(c.Sessions, s)
		}
	}
	return c
}

// TestSplitCanonical: a split call put back together is the call; small
// calls are not split.
func TestSplitCanonical(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 1, store.SplitSessions, store.SplitSessions + 1, 2 * store.SplitSessions, 57} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			t.Parallel()
			c := meeting(n)
			full, err := model.MarshalCanonical(c)
			if err != nil {
				t.Fatal(err)
			}
			sp, err := store.SplitCanonical(full)
			if err != nil {
				t.Fatal(err)
			}
			if n <= store.SplitSessions {
				if sp != nil {
					t.Fatalf("a call of %d sessions was split", n)
				}
				return
			}
			if sp == nil {
				t.Fatalf("a call of %d sessions was not split", n)
			}
			back, err := model.MarshalCanonical(joinSplit(t, sp))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(back, full) {
				t.Errorf("joined again:\n%s\nwant\n%s", back, full)
			}
			// The index splits by the sessions there are: the null one
			// does not count.
			e, err := store.EncodeCall(c)
			if err != nil || (e.Split != nil) != (e.Sessions > store.SplitSessions) {
				t.Errorf("EncodeCall of %d sessions (%d not null): split %v, %v", n, e.Sessions, e.Split, err)
			}
		})
	}
}

// TestSplitCanonicalRefuses: what is not a call's JSON is not split.
func TestSplitCanonicalRefuses(t *testing.T) {
	t.Parallel()
	many := bytes.Repeat([]byte(`{"segments":[]},`), store.SplitSessions+1)
	sessions := `[` + string(many[:len(many)-1]) + `]`
	for _, in := range []string{``, `[]`, `{"sessions":` + sessions, `{"sessions":` + sessions + `}{}`, `{"sessions":` + sessions + `} x`} {
		if sp, err := store.SplitCanonical([]byte(in)); err == nil || sp != nil {
			t.Errorf("%.40q: split %v, error %v", in, sp, err)
		}
	}
	if sp, err := store.SplitCanonical([]byte(`{"sessions":` + sessions + `}`)); err != nil || sp == nil {
		t.Errorf("a call of empty segments: split %v, error %v", sp, err)
	}
}
