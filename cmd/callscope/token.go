package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/auth"
	"github.com/callscope/callscope/internal/store"
)

// tenantList is a repeatable --tenant flag: a token may serve several.
// Each value may also list tenants separated by commas; a tenant given
// twice is kept once, where it first came.
type tenantList []string

func (l *tenantList) String() string { return strings.Join(*l, ",") }

func (l *tenantList) Set(v string) error {
	for _, t := range strings.Split(v, ",") {
		if t = strings.TrimSpace(t); t != "" && !slices.Contains(*l, t) {
			*l = append(*l, t)
		}
	}
	return nil
}

func runToken(ctx context.Context, cx *cmdContext, args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(cx.stderr, "usage: callscope token create|list|revoke [flags]")
		return exitUsage
	}
	switch args[0] {
	case "create":
		return tokenCreate(ctx, cx, args[1:])
	case "list":
		return tokenList(ctx, cx, args[1:])
	case "revoke":
		return tokenRevoke(ctx, cx, args[1:])
	}
	fmt.Fprintf(cx.stderr, "callscope token: unknown subcommand %q: want create, list or revoke\n", args[0])
	return exitUsage
}

// tokenFlags is the flag set of the token subcommands: only the store
// and --json of the common flags apply.
func tokenFlags(cx *cmdContext, name, usage string, c *common) *flag.FlagSet {
	fs := newFlagSet(cx, "token "+name, usage, c)
	return fs
}

func tokenCreate(ctx context.Context, cx *cmdContext, args []string) int {
	var c common
	// The common --tenant holds one value, the last given; here each one
	// given is a tenant the token may read.
	fs := newFlagSetWithoutTenant(cx, "token create", "--name NAME --role admin|engineer|specialist --tenant T [--tenant T2]", &c)
	name := fs.String("name", "", "who or what uses the token (shown in the audit log)")
	roleName := fs.String("role", "", "admin, engineer (Tier 2) or specialist (Tier 1)")
	var first, more tenantList
	fs.Var(&first, "tenant", fmt.Sprintf("a tenant the token may read; repeat for several; the first is the one a request without ?tenant= reads (default %q)", defaultTenant))
	fs.Var(&more, "tenants", "more tenants the token may read, comma-separated, after those of --tenant")
	if code, ok := parse(cx, fs, args); !ok {
		return code
	}
	role, err := access.ParseRole(*roleName)
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope token create: --role: %v\n", err)
		return exitUsage
	}
	if len(first) == 0 {
		first = tenantList{defaultTenant}
	}
	all := slices.Clone(first)
	for _, t := range more {
		all.Set(t)
	}
	st, ok := c.open(ctx, cx, "token create")
	if !ok {
		return exitUsage
	}
	defer closeStore(cx, "token create", st)
	secret, tok, err := auth.Tokens{Store: st}.Create(ctx, *name, role, all)
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope token create: %v\n", err)
		return exitUsage
	}
	if c.asJSON {
		b, _ := json.MarshalIndent(map[string]any{"id": tok.ID, "name": tok.Name, "role": tok.Role, "tenants": tok.Tenants, "token": secret}, "", "  ")
		fmt.Fprintln(cx.stdout, string(b))
		return exitOK
	}
	fmt.Fprintf(cx.stdout, "created token %s for %s (%s, tenants %s); it is shown only now:\n", tok.ID, tok.Name, tok.Role, strings.Join(tok.Tenants, ", "))
	fmt.Fprintln(cx.stdout, secret)
	return exitOK
}

func tokenList(ctx context.Context, cx *cmdContext, args []string) int {
	var c common
	fs := tokenFlags(cx, "list", "", &c)
	if code, ok := parse(cx, fs, args); !ok {
		return code
	}
	st, ok := c.open(ctx, cx, "token list")
	if !ok {
		return exitUsage
	}
	defer closeStore(cx, "token list", st)
	toks, err := st.Tokens(ctx)
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope token list: %v\n", err)
		return exitUsage
	}
	if c.asJSON {
		type row struct {
			ID         string     `json:"id"`
			Name       string     `json:"name"`
			Role       string     `json:"role"`
			Tenants    []string   `json:"tenants"`
			CreatedAt  time.Time  `json:"createdAt"`
			LastUsedAt *time.Time `json:"lastUsedAt,omitempty"`
			RevokedAt  *time.Time `json:"revokedAt,omitempty"`
		}
		rows := []row{}
		for _, t := range toks {
			rows = append(rows, row{t.ID, t.Name, t.Role, t.Tenants, t.CreatedAt, timePtr(t.LastUsedAt), timePtr(t.RevokedAt)})
		}
		b, _ := json.MarshalIndent(rows, "", "  ")
		fmt.Fprintln(cx.stdout, string(b))
		return exitOK
	}
	tw := tabwriter.NewWriter(cx.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tROLE\tTENANTS\tCREATED\tLAST USED\tREVOKED")
	for _, t := range toks {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.Role, strings.Join(t.Tenants, ","),
			dateOrDash(t.CreatedAt), dateOrDash(t.LastUsedAt), dateOrDash(t.RevokedAt))
	}
	tw.Flush()
	return exitOK
}

func dateOrDash(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04")
}

func tokenRevoke(ctx context.Context, cx *cmdContext, args []string) int {
	var c common
	fs := tokenFlags(cx, "revoke", "TOKEN_ID", &c)
	if code, ok := parse(cx, fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(cx.stderr, "callscope token revoke: give one token id (see callscope token list)")
		return exitUsage
	}
	st, ok := c.open(ctx, cx, "token revoke")
	if !ok {
		return exitUsage
	}
	defer closeStore(cx, "token revoke", st)
	if err := st.RevokeToken(ctx, fs.Arg(0), time.Now()); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			fmt.Fprintf(cx.stderr, "callscope token revoke: no token %s\n", fs.Arg(0))
		} else {
			fmt.Fprintf(cx.stderr, "callscope token revoke: %v\n", err)
		}
		return exitUsage
	}
	fmt.Fprintf(cx.stdout, "revoked token %s\n", fs.Arg(0))
	return exitOK
}
