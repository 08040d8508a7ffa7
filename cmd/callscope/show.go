package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/console"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/view"
)

func runShow(ctx context.Context, cx *cmdContext, args []string) int {
	var c common
	fs := newFlagSet(cx, "show", "CALL_ID", &c)
	as := fs.String("as", "admin", "show the call as this role sees it: admin, engineer or specialist")
	user := fs.String("user", "", "the user being looked up (object id, UPN or phone number): a specialist sees only this user's name")
	phoneDigits := fs.Int("phone-digits-masked", access.DefaultPhoneDigitsMasked, "trailing digits of phone numbers shown as *")
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
	st, ok := c.open(ctx, cx, "show")
	if !ok {
		return exitUsage
	}
	defer closeStore(cx, "show", st)
	stored, err := st.Call(ctx, c.tenant, fs.Arg(0))
	if errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(cx.stderr, "callscope show: no call %s in tenant %s\n", fs.Arg(0), c.tenant)
		return exitUsage
	}
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope show: %v\n", err)
		return exitUsage
	}
	// The same redaction the server applies, before anything is printed.
	call := policy.RedactCall(stored, role, *user)
	people := policy.RedactPeople(stored, role, *user)
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
