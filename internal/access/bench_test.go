package access

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/callscope/callscope/internal/model"
)

// meeting60 is a meeting of 60 sessions, each as detailed as the richest
// hand-written one (network, devices, two streams with verdicts, trace
// route, feedback), each with its own participant.
func meeting60(tb testing.TB) *model.Call {
	tb.Helper()
	c := loadCall(tb, "meeting-mixed")
	rich := c.Sessions[0]
	c.Sessions = nil
	for i := range 60 {
		s := clone(rich)
		s.ID = model.Some(fmt.Sprintf("5e551011-0000-4000-8000-%012d", i))
		id := s.Caller.AssociatedIdentity
		id.ID = model.Some(fmt.Sprintf("0000%04d-0000-4000-8000-000000000000", i))
		id.DisplayName = model.Some(fmt.Sprintf("Participant %d", i))
		id.UserPrincipalName = model.Some(fmt.Sprintf("p%d@contoso.com", i))
		c.Sessions = append(c.Sessions, s)
		c.ParticipantsV2 = append(c.ParticipantsV2, &model.CallParticipant{ID: id.ID, Identity: &model.IdentitySet{User: clone(id)}})
	}
	return c
}

// BenchmarkRedactCall measures what one call page costs the server, per
// role: the copy, the walks over the pii tags and the phone masking.
func BenchmarkRedactCall(b *testing.B) {
	c := meeting60(b)
	size := len(mustJSON(b, c))
	for _, role := range Roles() {
		b.Run(string(role), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(size))
			for b.Loop() {
				Policy{}.RedactCall(c, role, "00000007-0000-4000-8000-000000000000")
			}
		})
	}
}

// BenchmarkClone compares the reflection copy RedactCall uses with a JSON
// round trip through the model's own encoding.
func BenchmarkClone(b *testing.B) {
	c := meeting60(b)
	size := len(mustJSON(b, c))
	b.Run("reflect", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(size))
		for b.Loop() {
			clone(c)
		}
	})
	b.Run("json", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(size))
		for b.Loop() {
			raw, err := json.Marshal(c)
			if err != nil {
				b.Fatal(err)
			}
			var out model.Call
			if err := json.Unmarshal(raw, &out); err != nil {
				b.Fatal(err)
			}
		}
	})
}
