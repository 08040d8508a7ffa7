package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/console"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/view"
)

func runShow(ctx context.Context, cx *cmdContext, args []string) int {
	var c common
	fs := newFlagSet(cx, "show", "CALL_ID", &c)
	as := fs.String("as", "admin", "show the call as this role sees it: admin, engineer or specialist (with --server: the token's role decides)")
	user := fs.String("user", "", "the user being looked up (object id, UPN or phone number): a specialist sees only this user's name")
	phoneDigits := fs.Int("phone-digits-masked", access.DefaultPhoneDigitsMasked, "trailing digits of phone numbers shown as * (with --server: the server's setting)")
	rem := addReadFlags(fs)
	if code, ok := parse(cx, fs, args); !ok {
		return code
	}
	role, err := access.ParseRole(*as)
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope show: --as: %v\n", err)
		return exitUsage
	}
	policy := access.Policy{PhoneDigitsMasked: *phoneDigits}
	if err := policy.Validate(); err != nil {
		fmt.Fprintf(cx.stderr, "callscope show: %v\n", err)
		return exitUsage
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(cx.stderr, "callscope show: give exactly one call id")
		fs.Usage()
		return exitUsage
	}
	var call *model.Call
	var people []model.Person
	var ok bool
	if rem.on() {
		call, people, ok = showThroughServer(ctx, cx, fs, &c, rem, role, policy, *user)
	} else {
		call, people, ok = showFromStore(ctx, cx, &c, rem, fs.Arg(0), role, policy, *user)
	}
	if !ok {
		return exitUsage
	}
	if !c.asJSON {
		if err := console.WriteCall(cx.stdout, call, people, console.Style{Color: cx.stdoutIsTerminal}); err != nil {
			return exitUsage
		}
		return exitOK
	}
	out, err := view.CallJSON(call, people)
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope show: %v\n", err)
		return exitUsage
	}
	enc := json.NewEncoder(cx.stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return exitUsage
	}
	return exitOK
}

// showFromStore reads call id from the store and redacts it and its
// people for role looking up user, as the server would.
func showFromStore(ctx context.Context, cx *cmdContext, c *common, rem *remote, id string, role access.Role, policy access.Policy, user string) (*model.Call, []model.Person, bool) {
	st, ok := rem.open(ctx, cx, c, "show")
	if !ok {
		return nil, nil, false
	}
	defer closeStore(cx, "show", st)
	stored, err := st.Call(ctx, c.tenant, id)
	if errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(cx.stderr, "callscope show: no call %s in tenant %s\n", id, c.tenant)
		return nil, nil, false
	}
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope show: %v\n", err)
		return nil, nil, false
	}
	// The same redaction the server applies, before anything is printed.
	return policy.RedactCall(stored, role, user), policy.RedactPeople(stored, role, user), true
}
