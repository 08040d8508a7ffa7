// Package view shapes stored calls for output: the JSON of `callscope show
// --json` and of the API's call detail, and the rows of call lists. It
// adds what readers need beside the canonical record (the people of the
// call, counts) without changing the record itself.
package view

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

// CallJSON returns the detail of a call as JSON: the canonical record with
// "participants" holding the people of the call (organizer first) and the
// deprecated identity-set list, when present, under "participantsDeprecated".
func CallJSON(c *model.Call) (map[string]any, error) {
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
	people := []Person{}
	for _, p := range model.People(c) {
		people = append(people, Person(p))
	}
	out["participants"] = people
	if _, ok := out["sessions"]; !ok {
		out["sessions"] = []any{}
	}
	return out, nil
}
