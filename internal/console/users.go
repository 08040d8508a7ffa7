package console

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/callscope/callscope/internal/store"
)

// UserRow is one person found by `callscope users`.
type UserRow struct {
	// Ref is the server's reference to the person, which `calls --user`
	// takes through that server; empty when read from the store, where
	// the id, UPN or phone number does.
	Ref string
	store.PersonMatch
}

// UserJSON is one person in `callscope users --json`, shaped as the
// API's user search answers.
type UserJSON struct {
	Ref         string     `json:"ref,omitempty"`
	DisplayName string     `json:"displayName"`
	ID          string     `json:"id,omitempty"`
	UPN         string     `json:"userPrincipalName,omitempty"`
	Phone       string     `json:"phone,omitempty"`
	TenantID    string     `json:"tenantId,omitempty"`
	Organizer   bool       `json:"organizer,omitempty"`
	Calls       int        `json:"calls"`
	LastCall    *time.Time `json:"lastCall,omitempty"`
}

// UserRows shapes people for JSON.
func UserRows(found []UserRow) []UserJSON {
	out := make([]UserJSON, 0, len(found))
	for _, u := range found {
		out = append(out, UserJSON{Ref: u.Ref, DisplayName: u.DisplayName, ID: u.ID, UPN: u.UPN, Phone: u.Phone,
			TenantID: u.TenantID, Organizer: u.Organizer, Calls: u.Calls, LastCall: timePtr(u.LastCall)})
	}
	return out
}

// WriteUsers prints the people a search found, with what finds their
// calls: `callscope calls --user` takes the id, UPN or phone number, or
// through a server the reference.
func WriteUsers(w io.Writer, text string, found []UserRow) error {
	if len(found) == 0 {
		_, err := fmt.Fprintf(w, "nobody in the stored calls matches %q by name, UPN or phone number\n", text)
		return err
	}
	cols := []Column{Text("NAME"), Text("UPN"), Text("PHONE"), Num("CALLS"), Text("LAST CALL (UTC)"), Text("ID")}
	withRef := found[0].Ref != ""
	if withRef {
		cols = append(cols, Text("REF"))
	}
	t := NewTable(cols...)
	for _, u := range found {
		name := u.DisplayName
		if name == "" {
			name = "(withheld)"
		}
		cells := []string{name, orDash(u.UPN), orDash(u.Phone), strconv.Itoa(u.Calls), when(u.LastCall), orDash(u.ID)}
		if withRef {
			cells = append(cells, u.Ref)
		}
		t.Row(cells...)
	}
	_, err := t.WriteTo(w)
	return err
}
