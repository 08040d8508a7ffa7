package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/model"
)

// showThroughServer reads the call through a running server, which
// redacts it for the token's role and the looked-up user before it
// leaves, with the server's own masking of phone numbers. A role or a
// masking asked for on the command line cannot be honoured there, so
// either, when not the default, is refused rather than ignored.
func showThroughServer(ctx context.Context, cx *cmdContext, fs *flag.FlagSet, c *common, rem *remote, role access.Role, policy access.Policy, user string) (*model.Call, []model.Person, bool) {
	if role != access.Admin {
		fmt.Fprintf(cx.stderr, "callscope show: --as %s cannot be honoured with --server: the server shows the call as the token's role sees it; use a %s's token\n", role, role)
		return nil, nil, false
	}
	if policy.PhoneDigitsMasked != access.DefaultPhoneDigitsMasked {
		fmt.Fprintln(cx.stderr, "callscope show: --phone-digits-masked cannot be honoured with --server: the server masks phone numbers as its own --phone-digits-masked says")
		return nil, nil, false
	}
	cl, ok := rem.dial(cx, fs, c, "show")
	if !ok {
		return nil, nil, false
	}
	call, people, err := cl.Call(ctx, fs.Arg(0), user)
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope show: %v\n", err)
		return nil, nil, false
	}
	return call, people, true
}
