package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/auth"
	"github.com/callscope/callscope/internal/console"
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

func tokenCreate(ctx context.Context, cx *cmdContext, args []string) (err error) {
	var c common
	// The common --tenant holds one value, the last given; here each one
	// given is a tenant the token may read.
	fs := newFlagSetWithoutTenant("token create", &c)
	name := fs.String("name", "", "who or what uses the token (shown in the audit log)")
	roleName := fs.String("role", "", "admin, engineer (Tier 2) or specialist (Tier 1)")
	var tenants tenantList
	fs.Var(&tenants, "tenant", fmt.Sprintf("a tenant the token may read; repeat it or separate several by commas; the first is the one a request without ?tenant= reads (default %q)", defaultTenant))
	fs.alias("tenants", "tenant") // the comma-separated form's old name
	if err := parse(cx, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fs.usageErr("unexpected arguments: %q", fs.Args())
	}
	role, err := access.ParseRole(*roleName)
	if err != nil {
		return fs.usageErr("--role: %v", err)
	}
	if len(tenants) == 0 {
		tenants = tenantList{defaultTenant}
	}
	st, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer closeStore(st, &err)
	secret, tok, err := auth.Tokens{Store: st}.Create(ctx, *name, role, tenants)
	if err != nil {
		return err
	}
	if c.asJSON {
		b, err := json.MarshalIndent(map[string]any{"id": tok.ID, "name": tok.Name, "role": tok.Role, "tenants": tok.Tenants, "token": secret}, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintln(cx.stdout, string(b))
		return err
	}
	which := "tenants"
	if len(tok.Tenants) == 1 {
		which = "tenant"
	}
	fmt.Fprintf(cx.stdout, "created token %s for %s (%s, %s %s); it is shown only now:\n", tok.ID, tok.Name, tok.Role, which, strings.Join(tok.Tenants, ", "))
	_, err = fmt.Fprintln(cx.stdout, secret)
	return err
}

func tokenList(ctx context.Context, cx *cmdContext, args []string) (err error) {
	var c common
	fs := newFlagSetWithoutTenant("token list", &c)
	if err := parse(cx, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fs.usageErr("unexpected arguments: %q", fs.Args())
	}
	st, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer closeStore(st, &err)
	toks, err := st.Tokens(ctx)
	if err != nil {
		return err
	}
	if !c.asJSON {
		return console.WriteTokens(cx.stdout, toks)
	}
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
	enc := json.NewEncoder(cx.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(rows)
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func tokenRevoke(ctx context.Context, cx *cmdContext, args []string) (err error) {
	var c common
	fs := newFlagSetWithoutTenant("token revoke", &c)
	if err := parse(cx, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fs.usageErr("give one token id (see callscope token list)")
	}
	st, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer closeStore(st, &err)
	if err := st.RevokeToken(ctx, fs.Arg(0), time.Now()); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("no token %s (see callscope token list)", fs.Arg(0))
		}
		return err
	}
	_, err = fmt.Fprintf(cx.stdout, "revoked token %s\n", fs.Arg(0))
	return err
}
