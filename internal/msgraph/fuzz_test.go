package msgraph

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/graph"
)

// FuzzMergeSessions checks the page merger against the decoder: a record
// cut into a first page and further pages of sessions, then merged, must
// decode exactly as the record in one piece; and a record only split into
// members and written back must decode as it did. Inputs that are not
// records are fine too: nothing may panic. Seeds: the docs examples and
// testdata/fuzz/FuzzMergeSessions.
func FuzzMergeSessions(f *testing.F) {
	for _, name := range []string{"callrecord-get-expanded-legacy.json", "callrecord-get-basic.json", "callrecord-get-participants-v2-expanded.json", "sessions-list-expanded-segments.json"} {
		b, err := os.ReadFile("testdata/fixtures/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, uint8(0), uint8(1))
	}
	f.Fuzz(func(t *testing.T, data []byte, split, size uint8) {
		obj, err := parseObject(data)
		if err != nil {
			return
		}
		if !json.Valid(data) {
			t.Fatalf("parseObject accepted invalid JSON %q", data)
		}
		want, wantErr := graph.DecodeCallRecord(data)
		sameDecoding(t, "written back", obj.bytes(), want, wantErr)

		// Cut the sessions into pages. A record that is itself a first
		// page, or that repeats its sessions (which Graph never does and
		// the decoder would merge element-wise), is no whole record.
		n := 0
		for _, m := range obj {
			if strings.EqualFold(m.key, "sessions") {
				n++
			}
		}
		inline, _ := obj.last("sessions")
		if _, paged := obj.last("sessions@odata.nextLink"); n != 1 || paged || isNull(inline) {
			return
		}
		all, err := elements(inline)
		if err != nil {
			return
		}
		k := int(split) % (len(all) + 1)
		per := int(size)%4 + 1
		link := func(i int) string { return fmt.Sprintf("https://graph.test/v1.0/sessions?$skiptoken=%d", i) }
		first := obj.set("sessions", array(all[:k]))
		pages := map[string][]byte{}
		if k < len(all) {
			first = first.set("sessions@odata.nextLink", jsonString(link(k)))
		}
		for i := k; i < len(all); i += per {
			p := object{{key: "value", rawKey: []byte(`"value"`), value: array(all[i:min(i+per, len(all))])}}
			if i+per < len(all) {
				p = append(p, member{key: "@odata.nextLink", rawKey: []byte(`"@odata.nextLink"`), value: jsonString(link(i + per))})
			}
			pages[link(i)] = p.bytes()
		}

		// What GetCallRecord does with them, without the network.
		rec, err := parseObject(first.bytes())
		if err != nil {
			t.Fatalf("the first page cannot be read: %v", err)
		}
		var got []json.RawMessage
		next, err := rec.link("sessions@odata.nextLink")
		for err == nil && next != "" {
			var p page
			if p, err = parsePage(pages[next]); err == nil {
				got, next = append(got, p.values...), p.next
			}
		}
		if err != nil {
			t.Fatalf("paging: %v", err)
		}
		col := collection{name: "sessions", pages: got}
		col.inline, col.given = rec.last("sessions")
		merged, err := mergeRecord(rec, col)
		if err != nil {
			t.Fatalf("mergeRecord: %v", err)
		}
		sameDecoding(t, "merged", merged.bytes(), want, wantErr)
	})
}

func sameDecoding(t *testing.T, what string, raw []byte, want any, wantErr error) {
	t.Helper()
	got, err := graph.DecodeCallRecord(raw)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("%s: decoding error %v, the record in one piece %v\n%s", what, err, wantErr, raw)
	}
	if err == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("%s decodes differently:\n got %s\nwant %s", what, jsonOf(t, got), jsonOf(t, want))
	}
}

func jsonString(s string) json.RawMessage {
	b, _ := json.Marshal(s)
	return b
}
