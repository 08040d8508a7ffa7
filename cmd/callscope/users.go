package main

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/console"
	"github.com/callscope/callscope/internal/store"
)

// usersLimit is how many people a search lists unless --limit says
// otherwise: the API's default.
const usersLimit = 20

func runUsers(ctx context.Context, cx *cmdContext, args []string) (err error) {
	var c common
	fs := newFlagSet("users", &c)
	limit := fs.Int("limit", usersLimit, "at most this many people (with --server: at most the server's 50)")
	rem := addReadFlags(fs)
	if err := parse(cx, fs, args); err != nil {
		return err
	}
	text := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if text == "" {
		return fs.usageErr("give a name, UPN or phone number to look for")
	}
	if *limit < 1 {
		return fs.usageErr("--limit must be at least 1")
	}
	var found []console.UserRow
	if rem.on() {
		cl, err := rem.dial(fs, &c)
		if err != nil {
			return err
		}
		matches, err := cl.SearchUsers(ctx, text, *limit)
		if err != nil {
			return err
		}
		for _, m := range matches {
			found = append(found, console.UserRow{Ref: m.Ref, PersonMatch: m.PersonMatch})
		}
	} else {
		st, oerr := rem.open(ctx, &c)
		if oerr != nil {
			return oerr
		}
		defer closeStore(st, &err)
		matches, err := st.SearchPeople(ctx, store.PeopleQuery{Tenant: c.tenant, Text: text, Limit: *limit})
		if err != nil {
			return err
		}
		// Phone numbers are masked for every role, as the server masks
		// them in its answer.
		policy := access.Policy{PhoneDigitsMasked: access.DefaultPhoneDigitsMasked}
		for _, m := range matches {
			m.Person = policy.RedactPerson(m.Person, access.Admin, personKey(m), false)
			found = append(found, console.UserRow{PersonMatch: m})
		}
	}
	if c.asJSON {
		enc := json.NewEncoder(cx.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(console.UserRows(found))
	}
	return console.WriteUsers(cx.stdout, text, found)
}

// personKey is what finds a person's calls: object id, else UPN, else
// phone number, as the store tells people apart.
func personKey(m store.PersonMatch) string {
	switch {
	case m.ID != "":
		return m.ID
	case m.UPN != "":
		return m.UPN
	}
	return m.Phone
}
