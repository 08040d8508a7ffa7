package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/callscope/callscope/internal/client"
	"github.com/callscope/callscope/internal/console"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

func runCalls(ctx context.Context, cx *cmdContext, args []string) (err error) {
	var c common
	fs := newFlagSet("calls", &c)
	user := fs.String("user", "", "only calls of this user: object id, UPN or phone number (with --server: needed by a specialist's token); adds the user's own rating and issues")
	days := fs.Int("days", 0, "only calls of the last N days (0: all stored; with --server: 1 to 30, and 0 the server's 30)")
	limit := fs.Int("limit", 0, "at most this many calls (0: all)")
	rem := addReadFlags(fs)
	if err := parse(cx, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fs.usageErr("unexpected arguments: %q", fs.Args())
	}
	if *days < 0 || *limit < 0 {
		return fs.usageErr("--days and --limit must not be negative")
	}
	var calls []console.CallLine
	if rem.on() {
		cl, err := rem.dial(fs, &c)
		if err != nil {
			return err
		}
		calls, err = callsThroughServer(ctx, cl, *user, *days, *limit)
		if err != nil {
			return err
		}
	} else {
		st, oerr := rem.open(ctx, &c)
		if oerr != nil {
			return oerr
		}
		defer closeStore(st, &err)
		if calls, err = callsFromStore(ctx, st, c.tenant, *user, *days, *limit); err != nil {
			return err
		}
	}
	if c.asJSON {
		enc := json.NewEncoder(cx.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(console.CallRows(calls))
	}
	return console.WriteCalls(cx.stdout, calls, *user)
}

// callsFromStore lists the calls, each with the user's own verdict when
// a user is looked up.
func callsFromStore(ctx context.Context, st store.Store, tenant, user string, days, limit int) ([]console.CallLine, error) {
	f := store.CallFilter{Tenant: tenant, User: user, Limit: limit}
	if days > 0 {
		f.Since = time.Now().Add(-time.Duration(days) * 24 * time.Hour)
	}
	list, err := st.ListCalls(ctx, f)
	if err != nil {
		return nil, err
	}
	return withUserVerdicts(list, user, func(id string) (*model.Call, error) { return st.Call(ctx, tenant, id) })
}

// callsThroughServer is callsFromStore through the API, where the user's
// sessions are told apart in each call as the token's role sees it.
func callsThroughServer(ctx context.Context, cl *client.Client, user string, days, limit int) ([]console.CallLine, error) {
	var list []store.CallSummary
	var err error
	if user != "" {
		list, err = cl.UserCalls(ctx, user, days, limit)
	} else {
		list, err = cl.TenantCalls(ctx, days, limit)
	}
	if err != nil {
		return nil, err
	}
	return withUserVerdicts(list, user, func(id string) (*model.Call, error) {
		call, _, err := cl.Call(ctx, id, user)
		return call, err
	})
}

// withUserVerdicts reads each call of list to judge user's own sessions
// in it; without a user it only wraps the list.
func withUserVerdicts(list []store.CallSummary, user string, read func(id string) (*model.Call, error)) ([]console.CallLine, error) {
	out := make([]console.CallLine, len(list))
	for i, s := range list {
		out[i].CallSummary = s
		if user == "" {
			continue
		}
		call, err := read(s.ID)
		if err != nil {
			return nil, fmt.Errorf("the sessions of %s in call %s: %w", user, s.ID, err)
		}
		v := console.UserVerdictOf(call, user)
		if o := s.Own; v.Sessions == 0 && o != nil && o.Sessions > 0 {
			// The call as the role sees it hides who is who (Tier 1
			// through a server); the store's own verdict still says.
			v = &console.UserVerdict{Sessions: o.Sessions, Rating: o.Rating, RedIssues: o.RedIssues, YellowIssues: o.YellowIssues}
		}
		out[i].User = v
	}
	return out, nil
}
