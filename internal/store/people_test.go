package store

import (
	"slices"
	"testing"

	"github.com/callscope/callscope/internal/model"
)

// TestPersonMatchIsPersonal holds PersonMatch to the model's pii tags, so
// that redaction finds a search result's personal data as it finds a
// call's.
func TestPersonMatchIsPersonal(t *testing.T) {
	m := &PersonMatch{Person: model.Person{ID: "id", DisplayName: "name", UPN: "upn", Phone: "+1"}, Calls: 1}
	var kinds []string
	model.WalkPII(&m.Person, func(f model.PIIField) { kinds = append(kinds, string(f.Kind)) })
	slices.Sort(kinds)
	if want := []string{"id", "name", "phone", "upn"}; !slices.Equal(kinds, want) {
		t.Errorf("personal fields of a match: %v, want %v", kinds, want)
	}
}
