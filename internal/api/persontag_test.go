package api

import (
	"bytes"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/model"
)

func TestPersonTag(t *testing.T) {
	t.Parallel()
	u, err := newUserRefs(bytes.Repeat([]byte{7}, refKeySize))
	if err != nil {
		t.Fatal(err)
	}
	a := u.tag("t1", "call1", "alice-id")
	if len(a) != tagLen || a != u.tag("t1", "call1", "alice-id") {
		t.Fatalf("tag %q: want %d characters, the same every time", a, tagLen)
	}
	for _, other := range []string{u.tag("t1", "call1", "bob-id"), u.tag("t1", "call2", "alice-id"), u.tag("t2", "call1", "alice-id")} {
		if other == a {
			t.Errorf("tag %q of another person, call or tenant equals %q", other, a)
		}
	}
	if u.tag("t1", "call1", "") != "" {
		t.Error("a person without a key has a tag")
	}
	v, _ := newUserRefs(bytes.Repeat([]byte{8}, refKeySize))
	if v.tag("t1", "call1", "alice-id") == a {
		t.Error("another server key gives the same tag")
	}
}

func TestParticipantOrder(t *testing.T) {
	t.Parallel()
	at := func(m int) time.Time { return time.Date(2025, 3, 14, 10, m, 0, 0, time.UTC) }
	seen := &seenCall{
		people: []model.Person{
			{DisplayName: "Internal User"}, {DisplayName: "zoë quinn"}, {DisplayName: ""},
			{DisplayName: "Internal User"}, {DisplayName: "Aaron Yilmaz"}, {DisplayName: "Zoë Quinn"},
		},
		groups: []sessionGroup{
			{person: 0, first: at(9)}, {person: 1, first: at(5)}, {person: 3, first: at(2)},
			{person: 4, first: at(7)}, {person: 5, first: at(1)}, {person: -1, first: at(4)}, {person: -1, first: at(3)},
		},
		endpoints: []int{5, 6},
	}
	got := seen.participantOrder()
	// Real names by name then join, Tier 1's stand-ins by join, withheld,
	// then the endpoints by join.
	want := []int{4, 5, 1, 3, 0, 2, 7, 6}
	if len(got) != len(want) {
		t.Fatalf("order %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("order %v, want %v", got, want)
		}
	}
}
