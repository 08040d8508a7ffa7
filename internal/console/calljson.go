package console

import (
	"encoding/json"
	"fmt"

	"github.com/callscope/callscope/internal/model"
)

// Person is one participant of a call as shown to readers.
type Person struct {
	ID          string `json:"id,omitempty"`
	DisplayName string `json:"displayName,omitempty"`
	UPN         string `json:"userPrincipalName,omitempty"`
	Phone       string `json:"phone,omitempty"`
	TenantID    string `json:"tenantId,omitempty"`
	Organizer   bool   `json:"organizer,omitempty"`
}

// CallJSON shapes a call for `callscope show --json`, adding what
// readers need beside the canonical record (the people of the call, its
// rating) without changing the record itself. It returns the detail of a call as JSON: the canonical record with
// "participants" holding people (the call's people as the reader may see
// them, organizer first), the deprecated identity-set list, when present,
// under "participantsDeprecated", and the call's rating.
func CallJSON(c *model.Call, people []model.Person) (map[string]any, error) {
	raw, err := json.Marshal(c)
	if err != nil {
		return nil, fmt.Errorf("encoding call %s: %w", c.ID, err)
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("encoding call %s: %w", c.ID, err)
	}
	if dep, ok := out["participants"]; ok {
		out["participantsDeprecated"] = dep
	}
	list := []Person{}
	for _, p := range SortPeople(people) {
		list = append(list, Person(p))
	}
	out["participants"] = list
	if r := c.CallRating(); r != "" {
		out["rating"] = r
	}
	if _, ok := out["sessions"]; !ok {
		out["sessions"] = []any{}
	}
	return out, nil
}
