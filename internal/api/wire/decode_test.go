package wire

import (
	"testing"

	"github.com/callscope/callscope/internal/model"
)

func TestDecodeWithheld(t *testing.T) {
	t.Parallel()
	f := func(in string, want model.Presence, wantApp string) {
		t.Helper()
		var e EndpointOverview
		if err := Decode([]byte(in), &e); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if got := e.ApplicationVersion.Presence(); got != want || e.ApplicationVersion.Value() != wantApp {
			t.Errorf("%s: %v %q, want %v %q", in, got, e.ApplicationVersion.Value(), want, wantApp)
		}
	}
	f(`{"kind":"participant","applicationVersion":"1.2"}`, model.Present, "1.2")
	f(`{"kind":"participant","applicationVersionWithheld":true}`, model.Null, "")
	f(`{"kind":"participant"}`, model.Absent, "")
	// Only true marks; a member named so beside its value stays.
	f(`{"kind":"participant","applicationVersionWithheld":false}`, model.Absent, "")
	f(`{"kind":"participant","applicationVersion":"1.2","applicationVersionWithheld":true}`, model.Present, "1.2")
	// Marks inside lists of objects are undone too.
	var o CallOverview
	if err := Decode([]byte(`{"id":"c","sessions":[{"index":0,"issues":[],"segments":[{"index":0,"media":[{"streams":[{"averageJitterWithheld":true,"reasons":[]}]}]}]}]}`), &o); err != nil {
		t.Fatal(err)
	}
	if j := o.Sessions[0].Segments[0].Media[0].Streams[0].AverageJitter; !j.IsNull() {
		t.Errorf("withheld jitter decoded as %v, want null", j.Presence())
	}
	if err := Decode([]byte(`{"id":`), &o); err == nil {
		t.Error("a broken answer decoded")
	}
}
