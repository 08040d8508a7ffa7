package msgraph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/graph"
	"github.com/callscope/callscope/internal/model"
)

const recordID = "e523d2ed-2966-4b6b-925b-754a88034cc5"

var (
	recordURI       = "/v1.0/communications/callRecords/" + recordID + "?$expand=sessions($expand=segments)"
	participantsURI = "/v1.0/communications/callRecords/" + recordID + "?$expand=participants_v2"
)

// fullRecord is a record as it would arrive in one piece: the legacy
// docs example with 7 sessions (the fixtures' two, repeated with new ids)
// and 5 participants_v2, without nextLinks.
func fullRecord(t *testing.T) (record map[string]any, sessions, participants []any) {
	t.Helper()
	if err := json.Unmarshal([]byte(fixture(t, "callrecord-get-expanded-legacy.json")), &record); err != nil {
		t.Fatal(err)
	}
	var list, plist, pexp map[string]any
	json.Unmarshal([]byte(fixture(t, "sessions-list-expanded-segments.json")), &list)
	json.Unmarshal([]byte(fixture(t, "participants-v2-list.json")), &plist)
	json.Unmarshal([]byte(fixture(t, "callrecord-get-participants-v2-expanded.json")), &pexp)
	kinds := append(record["sessions"].([]any), list["value"].([]any)...)
	for i := range 7 {
		s := clone(t, kinds[i%len(kinds)]).(map[string]any)
		s["id"] = fmt.Sprintf("session-%d", i)
		sessions = append(sessions, s)
	}
	pk := append(plist["value"].([]any), pexp["participants_v2"].([]any)...)
	for i := range 5 {
		p := clone(t, pk[i%len(pk)]).(map[string]any)
		p["id"] = fmt.Sprintf("participant-%d", i)
		participants = append(participants, p)
	}
	delete(record, "sessions@odata.nextLink")
	record["sessions"] = sessions
	record["participants_v2"] = participants
	return record, sessions, participants
}

func clone(t *testing.T, v any) any {
	var out any
	if err := json.Unmarshal([]byte(jsonOf(t, v)), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// serveSplit scripts the record over pages of at most per sessions and
// pper participants, and returns every URI it scripted.
func serveSplit(t *testing.T, s *standIn, per, pper int) []string {
	t.Helper()
	full, sessions, participants := fullRecord(t)
	base := func() map[string]any {
		m := clone(t, full).(map[string]any)
		delete(m, "sessions")
		delete(m, "participants_v2")
		return m
	}
	uris := []string{recordURI, participantsURI}

	first := base()
	first["sessions"] = sessions[:min(per, len(sessions))]
	link := func(kind string, n int) string {
		q := "?$skiptoken=" + fmt.Sprint(n)
		if kind == "sessions" {
			q = "?$expand=segments&$skiptoken=" + fmt.Sprint(n)
		}
		return "/v1.0/communications/callRecords/" + recordID + "/" + kind + q
	}
	pages := func(kind string, items []any, size int, head map[string]any) {
		if len(items) > size {
			head[kind+"@odata.nextLink"] = "{graph}" + link(kind, 2)
		}
		for n, i := 2, size; i < len(items); n, i = n+1, i+size {
			p := map[string]any{"@odata.context": "{graph}/v1.0/$metadata#x", "value": items[i:min(i+size, len(items))]}
			if i+size < len(items) {
				p["@odata.nextLink"] = "{graph}" + link(kind, n+1)
			}
			s.on(link(kind, n), ok(jsonOf(t, p)))
			uris = append(uris, link(kind, n))
		}
	}
	pages("sessions", sessions, per, first)
	s.on(recordURI, ok(jsonOf(t, first)))

	second := base()
	second["participants_v2"] = participants[:min(pper, len(participants))]
	pages("participants_v2", participants, pper, second)
	s.on(participantsURI, ok(jsonOf(t, second)))
	return uris
}

func decode(t *testing.T, raw []byte) *model.Call {
	t.Helper()
	c, err := graph.DecodeCallRecord(raw)
	if err != nil {
		t.Fatalf("DecodeCallRecord: %v", err)
	}
	return c
}

func TestGetCallRecordMergesPages(t *testing.T) {
	t.Parallel()
	f := func(per, pper, wantPages int) {
		t.Run(fmt.Sprintf("sessions per page %d, participants per page %d", per, pper), func(t *testing.T) {
			t.Parallel()
			s := newStandIn(t)
			uris := serveSplit(t, s, per, pper)
			c := s.client(t, newRecorder())

			raw, err := c.GetCallRecord(context.Background(), recordID)
			if err != nil {
				t.Fatalf("GetCallRecord: %v", err)
			}
			full, _, _ := fullRecord(t)
			want := decode(t, []byte(strings.ReplaceAll(jsonOf(t, full), "{graph}", s.graph.URL)))
			got := decode(t, raw)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("merged record decodes differently from the record in one piece:\n got %s\nwant %s", jsonOf(t, got), jsonOf(t, want))
			}
			if len(got.Sessions) != 7 || len(got.ParticipantsV2) != 5 {
				t.Errorf("got %d sessions, %d participants; want 7, 5", len(got.Sessions), len(got.ParticipantsV2))
			}
			for i, ses := range got.Sessions {
				if id, _ := ses.ID.Get(); id != fmt.Sprintf("session-%d", i) {
					t.Errorf("session %d is %q: pages merged out of order", i, id)
				}
			}
			if got.SessionsNextLink != "" || got.ParticipantsNextLink != "" {
				t.Errorf("merged record still has nextLinks %q, %q", got.SessionsNextLink, got.ParticipantsNextLink)
			}
			if len(uris) != wantPages {
				t.Errorf("scripted %d pages, want %d", len(uris), wantPages)
			}
			for _, u := range uris {
				if n := s.hitsOf(u); n != 1 {
					t.Errorf("%s fetched %d times, want once", u, n)
				}
			}
			if st := c.Stats(); st.Pages != int64(wantPages) || st.Requests != int64(wantPages) {
				t.Errorf("stats %+v, want %d pages and requests", st, wantPages)
			}
		})
	}
	f(100, 100, 2) // everything inline
	f(3, 2, 2+2+2) // sessions 3+3+1, participants 2+2+1
	f(1, 1, 2+6+4)
	f(7, 5, 2) // exactly full first pages: no nextLink
}

func TestGetCallRecordOnePieceUnchanged(t *testing.T) {
	t.Parallel()
	// A record with nothing to add is handed on as Graph sent it, member
	// for member; the participants read only adds participants_v2.
	s := newStandIn(t)
	body := fixture(t, "callrecord-get-basic.json")
	s.on(recordURI, ok(body))
	s.on(participantsURI, ok(body))
	raw, err := newStandInClient(t, s).GetCallRecord(context.Background(), recordID)
	if err != nil {
		t.Fatal(err)
	}
	want := decode(t, []byte(strings.ReplaceAll(body, "{graph}", s.graph.URL)))
	if got := decode(t, raw); !reflect.DeepEqual(got, want) {
		t.Errorf("got %s\nwant %s", jsonOf(t, got), jsonOf(t, want))
	}
}

func newStandInClient(t *testing.T, s *standIn) *Client {
	return s.client(t, newRecorder())
}

func TestGetCallRecordPagingErrors(t *testing.T) {
	t.Parallel()
	record := func(t *testing.T, link string) string {
		var m map[string]any
		json.Unmarshal([]byte(fixture(t, "callrecord-get-basic.json")), &m)
		m["sessions"] = []any{map[string]any{"id": "s0"}}
		if link != "" {
			m["sessions@odata.nextLink"] = link
		}
		return jsonOf(t, m)
	}
	// The request of the docs' participants_v2 example, which its own
	// @odata.nextLink repeats.
	const docsParticipants = "/v1.0/communications/callRecords/614e3ff0-4728-4394-8c03-52fb3b967fde/participants_v2"
	pageURI := "/v1.0/communications/callRecords/" + recordID + "/sessions?$skiptoken="
	tests := []struct {
		name    string
		script  func(t *testing.T, s *standIn)
		maxPage int
		want    error
		// fetches of each URI; more than one would mean a loop was followed
		hits map[string]int
	}{{
		name: "a page links to itself",
		script: func(t *testing.T, s *standIn) {
			s.on(recordURI, ok(record(t, "{graph}"+pageURI+"a")))
			s.on(pageURI+"a", ok(`{"value":[{"id":"s1"}],"@odata.nextLink":"{graph}`+pageURI+`a"}`))
		},
		want: ErrPageLoop,
		hits: map[string]int{recordURI: 1, pageURI + "a": 1},
	}, {
		name: "two pages link to each other",
		script: func(t *testing.T, s *standIn) {
			s.on(recordURI, ok(record(t, "{graph}"+pageURI+"a")))
			s.on(pageURI+"a", ok(`{"value":[],"@odata.nextLink":"{graph}`+pageURI+`b"}`))
			s.on(pageURI+"b", ok(`{"value":[],"@odata.nextLink":"{graph}`+pageURI+`a"}`))
		},
		want: ErrPageLoop,
		hits: map[string]int{pageURI + "a": 1, pageURI + "b": 1},
	}, {
		name: "the docs' participants list links to its own request",
		script: func(t *testing.T, s *standIn) {
			var m map[string]any
			json.Unmarshal([]byte(fixture(t, "callrecord-get-basic.json")), &m)
			s.on(recordURI, ok(jsonOf(t, m)))
			m["participants_v2"] = []any{}
			m["participants_v2@odata.nextLink"] = "{graph}" + docsParticipants
			s.on(participantsURI, ok(jsonOf(t, m)))
			s.on(docsParticipants, ok(fixture(t, "participants-v2-list.json")))
		},
		want: ErrPageLoop,
		hits: map[string]int{docsParticipants: 1},
	}, {
		name: "endless fresh links stop at MaxPages",
		script: func(t *testing.T, s *standIn) {
			s.on(recordURI, ok(record(t, "{graph}"+pageURI+"1")))
			for i := 1; i < 10; i++ {
				s.on(pageURI+fmt.Sprint(i), ok(fmt.Sprintf(`{"value":[],"@odata.nextLink":"{graph}%s%d"}`, pageURI, i+1)))
			}
		},
		maxPage: 4,
		want:    ErrTooManyPages,
		hits:    map[string]int{recordURI: 1, pageURI + "3": 1, pageURI + "4": 0},
	}, {
		name: "a link to another host is not followed",
		script: func(t *testing.T, s *standIn) {
			s.on(recordURI, ok(record(t, "https://graph.example.net"+pageURI+"a")))
		},
		want: ErrBadResponse,
	}, {
		name: "a relative link is refused",
		script: func(t *testing.T, s *standIn) {
			s.on(recordURI, ok(record(t, pageURI+"a")))
		},
		want: ErrBadResponse,
	}, {
		name: "the docs' $metadata placeholder link is refused",
		script: func(t *testing.T, s *standIn) {
			s.on(recordURI, ok(fixture(t, "callrecord-get-expanded.json")))
		},
		want: ErrBadResponse,
		hits: map[string]int{recordURI: 1},
	}, {
		name: "a page that is not a list",
		script: func(t *testing.T, s *standIn) {
			s.on(recordURI, ok(record(t, "{graph}"+pageURI+"a")))
			s.on(pageURI+"a", ok(`{"value":{"id":"s1"}}`))
		},
		want: ErrBadResponse,
	}, {
		name: "another record's answer",
		script: func(t *testing.T, s *standIn) {
			s.on(recordURI, ok(`{"id":"someone-else","version":1}`))
		},
		want: ErrBadResponse,
	}, {
		name: "not found",
		script: func(t *testing.T, s *standIn) {
			s.on(recordURI, answer{status: 404, body: `{"error":{"code":"NotFound","message":"Resource not found"}}`})
		},
		want: ErrNotFound,
		hits: map[string]int{recordURI: 1},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newStandIn(t)
			tc.script(t, s)
			c := s.client(t, newRecorder(), func(c *Config) { c.MaxPages = tc.maxPage })
			raw, err := c.GetCallRecord(context.Background(), recordID)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v (record %d bytes), want %v", err, len(raw), tc.want)
			}
			for u, n := range tc.hits {
				if got := s.hitsOf(u); got != n {
					t.Errorf("%s fetched %d times, want %d", u, got, n)
				}
			}
		})
	}
}

func TestGetCallRecordVersions(t *testing.T) {
	t.Parallel()
	rec := func(v int, extra string) string {
		return fmt.Sprintf(`{"id":%q,"version":%d,"sessions":[{"id":"v%d"}]%s}`, recordID, v, v, extra)
	}
	t.Run("republished between the two reads: starts over and returns one version", func(t *testing.T) {
		t.Parallel()
		s := newStandIn(t)
		s.on(recordURI, ok(rec(1, "")), ok(rec(2, "")))
		s.on(participantsURI, ok(rec(2, `,"participants_v2":[{"id":"p"}]`)))
		raw, err := newStandInClient(t, s).GetCallRecord(context.Background(), recordID)
		if err != nil {
			t.Fatal(err)
		}
		c := decode(t, raw)
		if id, _ := c.Sessions[0].ID.Get(); c.Version != 2 || id != "v2" || len(c.ParticipantsV2) != 1 {
			t.Errorf("got version %d with session %q and %d participants; want version 2's", c.Version, id, len(c.ParticipantsV2))
		}
		if s.hitsOf(recordURI) != 2 {
			t.Errorf("record read %d times, want 2", s.hitsOf(recordURI))
		}
	})
	t.Run("republished on every try", func(t *testing.T) {
		t.Parallel()
		s := newStandIn(t)
		s.on(recordURI, ok(rec(1, "")), ok(rec(3, "")), ok(rec(5, "")))
		s.on(participantsURI, ok(rec(2, "")), ok(rec(4, "")), ok(rec(6, "")))
		_, err := newStandInClient(t, s).GetCallRecord(context.Background(), recordID)
		if !errors.Is(err, ErrVersionChanged) {
			t.Fatalf("got %v, want ErrVersionChanged", err)
		}
		if n := s.hitsOf(recordURI); n != versionTries {
			t.Errorf("record read %d times, want %d", n, versionTries)
		}
	})
}

func TestGetCallRecordRefusesBadIDs(t *testing.T) {
	t.Parallel()
	s := newStandIn(t)
	c := newStandInClient(t, s)
	for _, id := range []string{"", "  ", "a/b", "x?$expand=y", "id#frag"} {
		if _, err := c.GetCallRecord(context.Background(), id); !errors.Is(err, ErrConfig) {
			t.Errorf("GetCallRecord(%q) = %v, want ErrConfig", id, err)
		}
	}
	if n := s.tokenRequests(); n != 0 {
		t.Errorf("signed in %d times for ids that cannot be fetched", n)
	}
}

func TestGetCallRecordKeepsParticipantsWhenTheExpansionIsIgnored(t *testing.T) {
	t.Parallel()
	// Should Graph answer the participants read without participants_v2
	// (as the docs' basic example does), what the first read had stays.
	s := newStandIn(t)
	s.on(recordURI, ok(`{"id":"`+recordID+`","version":1,"participants_v2":[{"id":"p1"},{"id":"p2"}]}`))
	s.on(participantsURI, ok(fixture(t, "callrecord-get-basic.json")))
	raw, err := newStandInClient(t, s).GetCallRecord(context.Background(), recordID)
	if err != nil {
		t.Fatal(err)
	}
	if c := decode(t, raw); len(c.ParticipantsV2) != 2 {
		t.Errorf("got %d participants, want the first read's 2", len(c.ParticipantsV2))
	}
}
