package main

import (
	"context"
	"io"

	"github.com/callscope/callscope/internal/client"
	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/store"
)

// dashboard is where `cqd` and `poor-calls` read: the store, or the API
// of a server that holds it. p is the query as given, q the same query
// made for the store; a server makes its own from p, with its clock.
type dashboard interface {
	aggregate(ctx context.Context, p cqd.Params, q cqd.Query) (*cqd.Result, error)
	// export writes the rows, or with facts the stream facts, as a file.
	export(ctx context.Context, p cqd.Params, q cqd.Query, f store.ExportFormat, facts bool, w io.Writer) error
	poorCalls(ctx context.Context, p cqd.Params, q cqd.Query, limit int) ([]store.PoorCall, error)
	// close releases the store; an error closing it goes into *err.
	close(err *error)
}

// openDashboard opens the store, or dials the server with --server.
func openDashboard(ctx context.Context, fs *flagSet, c *common, rem *remote) (dashboard, error) {
	if rem.on() {
		cl, err := rem.dial(fs, c)
		return serverDashboard{cl}, err
	}
	st, err := rem.open(ctx, c)
	if err != nil {
		return nil, err
	}
	return storeDashboard{st: st}, nil
}

type storeDashboard struct{ st store.Store }

func (d storeDashboard) close(err *error) { closeStore(d.st, err) }

func (d storeDashboard) aggregate(ctx context.Context, _ cqd.Params, q cqd.Query) (*cqd.Result, error) {
	return d.st.Aggregate(ctx, q)
}

func (d storeDashboard) export(ctx context.Context, _ cqd.Params, q cqd.Query, f store.ExportFormat, facts bool, w io.Writer) error {
	if facts {
		// The command line reads the store directly, as an administrator.
		return d.st.ExportFacts(ctx, q, f, true, w)
	}
	return d.st.ExportAggregate(ctx, q, f, w)
}

func (d storeDashboard) poorCalls(ctx context.Context, _ cqd.Params, q cqd.Query, limit int) ([]store.PoorCall, error) {
	return d.st.PoorCalls(ctx, q, limit, 0)
}

// serverDashboard reads through the API, with what the token's role may
// see: stream facts come with user ids and access points only for the
// roles that see them.
type serverDashboard struct{ cl *client.Client }

func (d serverDashboard) aggregate(ctx context.Context, p cqd.Params, _ cqd.Query) (*cqd.Result, error) {
	return d.cl.Aggregate(ctx, p)
}

func (d serverDashboard) export(ctx context.Context, p cqd.Params, _ cqd.Query, f store.ExportFormat, facts bool, w io.Writer) error {
	return d.cl.ExportCQD(ctx, p, f, facts, w)
}

func (d serverDashboard) poorCalls(ctx context.Context, p cqd.Params, _ cqd.Query, limit int) ([]store.PoorCall, error) {
	return d.cl.PoorCalls(ctx, p, limit)
}

func (serverDashboard) close(*error) {}
