// Package demo fills a store with a generated organization's telemetry
// and makes an API token per role, for `callscope serve --demo`: the API
// and the pages can be tried at once, without any telemetry of one's own.
//
// It is apart from package gen because it stores what gen writes
// (packages ingest, building, auth), and gen is imported by the tests of
// packages below those.
package demo

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/auth"
	"github.com/callscope/callscope/internal/building"
	"github.com/callscope/callscope/internal/gen"
	"github.com/callscope/callscope/internal/ingest"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// Demo data size: a month of a 100-person organization, stored in well
// under a minute.
const (
	DefaultUsers = 100
	Days         = 30
)

// Token is an API token made for a role.
type Token struct {
	Role   access.Role
	Secret string
}

// Seed generates a month of telemetry of an organization of users people
// into st under tenant, judged by judge, when st holds no call of the
// tenant yet; a store that already holds calls is left as it is. It then
// makes a token per role for tenant, in access.Roles' order, and returns
// them; none when the store already has tokens, so that a restarted demo
// does not pile them up.
func Seed(ctx context.Context, st store.Store, tenant string, users int, judge func(*model.Call), logger *slog.Logger) ([]Token, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	stats, err := st.Stats(ctx, tenant)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	if stats.Calls == 0 {
		if err := fill(ctx, st, tenant, users, judge, logger); err != nil {
			return nil, err
		}
	}
	toks, err := st.Tokens(ctx)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	if len(toks) > 0 {
		return nil, nil
	}
	var made []Token
	for _, role := range access.Roles() {
		secret, _, err := auth.Tokens{Store: st}.Create(ctx, "demo "+string(role), role, []string{tenant})
		if err != nil {
			return nil, fmt.Errorf("demo: token of %s: %w", role, err)
		}
		made = append(made, Token{Role: role, Secret: secret})
	}
	return made, nil
}

// fill generates the files in a directory of its own and stores them.
func fill(ctx context.Context, st store.Store, tenant string, users int, judge func(*model.Call), logger *slog.Logger) error {
	dir, err := os.MkdirTemp("", "callscope-demo-")
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	defer os.RemoveAll(dir)
	logger.Info("generating demo data", "users", users, "days", Days)
	// Plain JSON lines: compressing them only to inflate them again
	// took a third of the demo's start.
	if _, err := gen.Generate(ctx, dir, gen.Options{Seed: 1, Users: users, Days: Days, Plain: true}); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	sum, err := ingest.Run(ctx, st, []string{filepath.Join(dir, "graph"), filepath.Join(dir, "usage"), filepath.Join(dir, "acs")},
		ingest.Options{Tenant: tenant, Prepare: judge, Logger: logger})
	if err != nil {
		return fmt.Errorf("demo: storing the generated telemetry: %w", err)
	}
	rows, err := buildings(ctx, st, tenant, filepath.Join(dir, "buildings.csv"))
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	logger.Info("demo data stored", "calls", sum.Calls, "streams", sum.Streams, "buildingRows", rows, "rejected", len(sum.Rejected))
	return nil
}

// buildings makes the generated building file the tenant's, so that the
// dashboard has buildings to show and the missing-subnet report the home
// and unmapped networks the generator adds.
func buildings(ctx context.Context, st store.Store, tenant, path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	m, err := building.Parse(f, path)
	if err != nil {
		return 0, err
	}
	return m.Len(), st.ReplaceBuildings(ctx, tenant, m.All(), time.Time{})
}
