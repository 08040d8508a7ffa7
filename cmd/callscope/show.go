package main

import (
	"context"
	"encoding/json"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/console"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

func runShow(ctx context.Context, cx *cmdContext, args []string) (err error) {
	var c common
	fs := newFlagSet("show", &c)
	as := fs.String("as", "admin", "show the call as this role sees it: admin, engineer or specialist (with --server: the token's role decides)")
	fs.alias("role", "as") // the spelling of token create
	user := fs.String("user", "", "the user being looked up (object id, UPN or phone number): a specialist sees only this user's name")
	phoneDigits := fs.Int("phone-digits-masked", access.DefaultPhoneDigitsMasked, "trailing digits of phone numbers shown as * (with --server: the server's setting)")
	rem := addReadFlags(fs)
	if err := parse(cx, fs, args); err != nil {
		return err
	}
	role, err := access.ParseRole(*as)
	if err != nil {
		return fs.usageErr("--as: %v", err)
	}
	policy := access.Policy{PhoneDigitsMasked: *phoneDigits}
	if err := policy.Validate(); err != nil {
		return fs.usageErr("%v", err)
	}
	if fs.NArg() != 1 {
		return fs.usageErr("give exactly one call id (or a unique start of one)")
	}
	var call *model.Call
	var people []model.Person
	if rem.on() {
		call, people, err = showThroughServer(ctx, fs, &c, rem, role, policy, *user)
	} else {
		call, people, err = showFromStore(ctx, &c, rem, fs.Arg(0), role, policy, *user)
	}
	if err != nil {
		return err
	}
	if !c.asJSON {
		return console.WriteCall(cx.stdout, call, people, console.Style{Color: cx.stdoutIsTerminal})
	}
	out, err := console.CallJSON(call, people)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(cx.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// showFromStore reads the call id (or a unique start of one) names from
// the store and redacts it and its people for role looking up user, as
// the server would.
func showFromStore(ctx context.Context, c *common, rem *remote, id string, role access.Role, policy access.Policy, user string) (_ *model.Call, _ []model.Person, err error) {
	st, err := rem.open(ctx, c)
	if err != nil {
		return nil, nil, err
	}
	defer closeStore(st, &err)
	full, err := store.ResolveCallID(ctx, st, c.tenant, id)
	if err != nil {
		return nil, nil, err
	}
	stored, err := st.Call(ctx, c.tenant, full)
	if err != nil {
		return nil, nil, err
	}
	// The same redaction the server applies, before anything is printed.
	return policy.RedactCall(stored, role, user), policy.RedactPeople(stored, role, user), nil
}
