package store_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
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
			// Framed, the split is the stored detail, read whole again.
			if whole, err := store.DecompressDetail(sp.Framed()); err != nil || !bytes.Equal(whole, full) {
				t.Errorf("the framed split read whole: %v\n%s\nwant\n%s", err, whole, full)
			}
			// The index splits by the sessions there are: the null one
			// does not count.
			e, err := store.EncodeCall(c)
			if err != nil || (e.Split != nil) != (e.Sessions > store.SplitSessions) {
				t.Errorf("EncodeCall of %d sessions (%d not null): split %v, %v", n, e.Sessions, e.Split, err)
			}
			if _, framed, _ := store.FramedSplit(e.Detail); framed != (e.Split != nil) {
				t.Errorf("EncodeCall of %d sessions: detail framed %v, split %v", n, framed, e.Split != nil)
			}
			if whole, err := store.DecompressDetail(e.Detail); err != nil || !bytes.Equal(whole, full) {
				t.Errorf("EncodeCall's detail read whole: %v", err)
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

// TestFramedSplitDamaged: a framed split cut short, with a chunk too many
// or too few, or with a chunk of the wrong sessions, is an error, never
// another call.
func TestFramedSplitDamaged(t *testing.T) {
	t.Parallel()
	full, err := model.MarshalCanonical(meeting(57))
	if err != nil {
		t.Fatal(err)
	}
	sp, err := store.SplitCanonical(full)
	if err != nil || sp == nil {
		t.Fatalf("split: %v, %v", sp, err)
	}
	framed := sp.Framed()
	swapped := &store.SplitDetail{Head: sp.Head, Chunks: [][]byte{sp.Chunks[2], sp.Chunks[1], sp.Chunks[0]}}
	for name, z := range map[string][]byte{
		"cut short":        framed[:len(framed)-1],
		"one byte more":    append(bytes.Clone(framed), 0),
		"a chunk too few":  (&store.SplitDetail{Head: sp.Head, Chunks: sp.Chunks[:2]}).Framed(),
		"a chunk too many": (&store.SplitDetail{Head: sp.Head, Chunks: append(slices.Clone(sp.Chunks), sp.Chunks[0])}).Framed(),
		"chunks swapped":   swapped.Framed(),
		"no head":          (&store.SplitDetail{Chunks: sp.Chunks}).Framed(),
		"only the magic":   framed[:4],
	} {
		if b, err := store.DecompressDetail(z); err == nil {
			t.Errorf("%s: read as %.80s", name, b)
		}
	}
}

// FuzzDecompressDetail: no input read as a stored detail panics, and a
// framed split reads back as the parts it was framed from.
func FuzzDecompressDetail(f *testing.F) {
	full, err := model.MarshalCanonical(meeting(45))
	if err != nil {
		f.Fatal(err)
	}
	sp, err := store.SplitCanonical(full)
	if err != nil || sp == nil {
		f.Fatalf("split: %v, %v", sp, err)
	}
	f.Add(sp.Framed())
	f.Add(store.CompressDetail(full))
	f.Add([]byte("\xffcsp\x01\x00\x00"))
	f.Fuzz(func(t *testing.T, z []byte) {
		_, _ = store.DecompressDetail(z)
		if sp, framed, err := store.FramedSplit(z); framed && err == nil {
			if !bytes.Equal(sp.Framed(), z) && bytes.HasPrefix(z, []byte("\xffcsp")) {
				// Uvarints may be spelt longer than Framed writes them;
				// the parts must still be the same.
				again, _, err := store.FramedSplit(sp.Framed())
				if err != nil || !bytes.Equal(again.Head, sp.Head) || len(again.Chunks) != len(sp.Chunks) {
					t.Fatalf("framed again: %v", err)
				}
			}
		}
	})
}
