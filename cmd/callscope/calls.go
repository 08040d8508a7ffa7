package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"time"

	"github.com/callscope/callscope/internal/console"
	"github.com/callscope/callscope/internal/store"
)

// callRow is one call in `callscope calls --json`.
type callRow struct {
	ID            string     `json:"id"`
	Version       int64      `json:"version"`
	Type          string     `json:"type"`
	Source        string     `json:"source"`
	StartDateTime *time.Time `json:"startDateTime"`
	EndDateTime   *time.Time `json:"endDateTime"`
	Modalities    []string   `json:"modalities"`
	Sessions      int        `json:"sessions"`
	Streams       int        `json:"streams"`
	Participants  int        `json:"participants"`
	Partial       bool       `json:"partial,omitempty"`
	// Rating is the worst rating of the call's sessions: good, poor or
	// unavailable; "unrated" for a call stored before it was judged.
	Rating string `json:"rating"`
}

func runCalls(ctx context.Context, cx *cmdContext, args []string) int {
	var c common
	fs := newFlagSet(cx, "calls", "", &c)
	user := fs.String("user", "", "only calls of this user: object id, UPN or phone number (with --server: needed by a specialist's token)")
	days := fs.Int("days", 0, "only calls of the last N days (0: all stored; with --server: 1 to 30, and 0 the server's 30)")
	limit := fs.Int("limit", 0, "at most this many calls (0: all)")
	rem := addReadFlags(fs)
	if code, ok := parse(cx, fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 || *days < 0 || *limit < 0 {
		fmt.Fprintln(cx.stderr, "callscope calls: unexpected arguments")
		fs.Usage()
		return exitUsage
	}
	calls, ok := listCalls(ctx, cx, fs, &c, rem, *user, *days, *limit)
	if !ok {
		return exitUsage
	}
	if !c.asJSON {
		if err := console.WriteCalls(cx.stdout, calls); err != nil {
			return exitUsage
		}
		return exitOK
	}
	rows := make([]callRow, 0, len(calls))
	for _, s := range calls {
		rows = append(rows, callRow{
			ID: s.ID, Version: s.Version, Type: s.Type, Source: string(s.Source),
			StartDateTime: timePtr(s.Start), EndDateTime: timePtr(s.End),
			Modalities: nonNil(s.Modalities), Sessions: s.Sessions, Streams: s.Streams,
			Participants: s.Participants, Partial: s.Partial, Rating: ratingOf(s),
		})
	}
	enc := json.NewEncoder(cx.stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rows); err != nil {
		return exitUsage
	}
	return exitOK
}

// listCalls reads the calls from the store, or through the server.
func listCalls(ctx context.Context, cx *cmdContext, fs *flag.FlagSet, c *common, rem *remote, user string, days, limit int) ([]store.CallSummary, bool) {
	var calls []store.CallSummary
	var err error
	if rem.on() {
		cl, ok := rem.dial(cx, fs, c, "calls")
		if !ok {
			return nil, false
		}
		if user != "" {
			calls, err = cl.UserCalls(ctx, user, days, limit)
		} else {
			calls, err = cl.TenantCalls(ctx, days, limit)
		}
	} else {
		st, ok := rem.open(ctx, cx, c, "calls")
		if !ok {
			return nil, false
		}
		defer closeStore(cx, "calls", st)
		f := store.CallFilter{Tenant: c.tenant, User: user, Limit: limit}
		if days > 0 {
			f.Since = time.Now().Add(-time.Duration(days) * 24 * time.Hour)
		}
		calls, err = st.ListCalls(ctx, f)
	}
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope calls: %v\n", err)
		return nil, false
	}
	return calls, true
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func ratingOf(s store.CallSummary) string {
	if s.Rating == "" {
		return "unrated"
	}
	return string(s.Rating)
}
