package main

import (
	"context"
	"errors"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/model"
)

// showThroughServer reads the call through a running server, which
// redacts it for the token's role and the looked-up user before it
// leaves, with the server's own masking of phone numbers. A role or a
// masking asked for on the command line cannot be honoured there, so
// either, when not the default, is refused rather than ignored.
func showThroughServer(ctx context.Context, fs *flagSet, c *common, rem *remote, role access.Role, policy access.Policy, user string) (*model.Call, []model.Person, error) {
	if role != access.Admin {
		return nil, nil, fs.usageErr("--as %s cannot be honoured with --server: the server shows the call as the token's role sees it; use a %s's token", role, role)
	}
	if policy.PhoneDigitsMasked != access.DefaultPhoneDigitsMasked {
		return nil, nil, errors.New("--phone-digits-masked cannot be honoured with --server: the server masks phone numbers as its own --phone-digits-masked says")
	}
	cl, err := rem.dial(fs, c)
	if err != nil {
		return nil, nil, err
	}
	id, err := cl.ResolveCallID(ctx, fs.Arg(0), user)
	if err != nil {
		return nil, nil, err
	}
	return cl.Call(ctx, id, user)
}
