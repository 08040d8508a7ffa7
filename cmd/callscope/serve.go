package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/api"
	"github.com/callscope/callscope/internal/auth"
	"github.com/callscope/callscope/internal/gen/demo"
	"github.com/callscope/callscope/internal/ingest"
	"github.com/callscope/callscope/internal/lead"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/privacy"
	"github.com/callscope/callscope/internal/quality"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/web"
)

func runServe(ctx context.Context, cx *cmdContext, args []string) (err error) {
	var c common
	fs := newFlagSet("serve", &c)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	withDemo := fs.Bool("demo", false, "fill an empty store with generated demo data and print a token per role first")
	demoUsers := fs.Int("demo-users", demo.DefaultUsers, "people in the demo organization")
	rules := rulesFlag(fs)
	phoneDigits := fs.Int("phone-digits-masked", access.DefaultPhoneDigitsMasked, "trailing digits of phone numbers shown as *, for every role")
	homeTenants := fs.String("home-tenant-ids", "", "Entra tenant ids of your organization, comma-separated (default: worked out per call)")
	scrubEvery := fs.Duration("scrub-every", time.Hour, "how often personal data past its period is cleared")
	secureCookies := fs.Bool("secure-cookies", false, "mark the web pages' session cookies Secure (when a proxy in front serves HTTPS)")
	metricsToken := fs.String("metrics-token", "", "bearer token /metrics wants (better: CALLSCOPE_METRICS_TOKEN); empty leaves /metrics open")
	maxRecord := fs.Int("max-record-bytes", ingest.DefaultMaxRecordBytes, "largest record an upload may hold; a larger one is rejected, the rest stored")
	rf := addRetentionFlags(fs.FlagSet)
	cf := addCollectFlags(fs.FlagSet)
	af := addACSFlags(fs.FlagSet)
	tf := addTLSFlags(fs.FlagSet)
	sf := addSigninFlags(fs.FlagSet)
	if err := parse(cx, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fs.usageErr("unexpected arguments: %q", fs.Args())
	}
	engine, err := quality.New(quality.Options{CQDRules: *rules})
	if err != nil {
		return fs.usageErr("%v", err)
	}
	retention, err := rf.policy()
	if err != nil {
		return fs.usageErr("%v", err)
	}
	policy := access.Policy{PhoneDigitsMasked: *phoneDigits, HomeTenantIDs: splitList(*homeTenants)}
	if err := policy.Validate(); err != nil {
		return fs.usageErr("%v", err)
	}
	if *scrubEvery < time.Minute {
		return fs.usageErr("--scrub-every must be at least a minute")
	}
	logger := slog.New(slog.NewTextHandler(cx.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	st, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer closeStore(st, &err)

	if *withDemo {
		if err := seedDemo(ctx, cx, st, c.tenant, *demoUsers, engine.Judge, logger); err != nil {
			return err
		}
	}
	authn, jwt, err := sf.authenticator(auth.Cache(auth.Tokens{Store: st}, 30*time.Second, nil), c.tenant)
	if err != nil {
		return err
	}
	tlsSetup, err := tf.setup(st, cf.publicURL)
	if err != nil {
		return err
	}
	coll, err := startCollection(ctx, cf, st, c.tenant, engine.Judge, logger)
	if err != nil {
		return err
	}
	acsLoop, err := acsReader(af, st, c.tenant, engine.Judge, logger)
	if err != nil {
		return err
	}
	srv, err := api.New(api.Config{
		Store: st, Auth: authn, Policy: policy,
		Judge: engine.Judge, Logger: logger, MaxRecordBytes: *maxRecord, MetricsToken: *metricsToken, TLS: tlsSetup.config,
		// The web pages get their data from the API itself.
		Pages: func(h http.Handler) (http.Handler, error) {
			// Sign-ins kept in the store outlive a restart and are known
			// to every serve process sharing it.
			sessions, _ := st.(store.WebSessionStore)
			// Served over HTTPS, the cookies are Secure whatever the flag.
			return web.New(web.Config{API: h, Logger: logger, SecureCookies: *secureCookies || tlsSetup.config != nil,
				Sessions: sessions, Audit: st, OIDC: sf.webSignIn(jwt, cf.publicURL)})
		},
		Notifications: coll.handler(),
	})
	if err != nil {
		return err
	}
	// The background loops stop with the server, before the store closes.
	loopCtx, stopLoops := context.WithCancel(ctx)
	var loops sync.WaitGroup
	scrubber := &privacy.Scrubber{Store: st, Policy: retention, Logger: logger}
	loops.Go(func() {
		lead.Job{Name: "retention", Store: st, Logger: logger}.Run(loopCtx, func(ctx context.Context) { scrubber.Loop(ctx, *scrubEvery) })
	})
	if coll != nil {
		loops.Go(func() { coll.run(loopCtx) })
	}
	if acsLoop != nil {
		loops.Go(func() { lead.Job{Name: "acs-exports", Store: st, Logger: logger}.Run(loopCtx, acsLoop.Run) })
	}
	var redirects sync.WaitGroup
	var redirectErr error
	scheme := "http://"
	if tlsSetup.config != nil {
		scheme = "https://"
	}
	err = srv.Serve(ctx, *addr, func(a net.Addr) {
		logger.Info("callscope serving", "url", scheme+a.String(), "store", c.store, "rules", engine.Rules(), "graph", coll.String())
		if tf.redirectAddr == "" {
			return
		}
		// Redirects go to the port HTTPS is bound to.
		redirects.Go(func() {
			redirectErr = api.ServeRedirect(loopCtx, tf.redirectAddr, a.String(), tlsSetup.manager, func(r net.Addr) {
				logger.Info("redirecting plain HTTP to HTTPS", "addr", r.String())
			})
			if redirectErr != nil {
				logger.Error("plain HTTP is not answered", "err", redirectErr)
			}
		})
	})
	stopLoops()
	redirects.Wait()
	loops.Wait()
	return errors.Join(err, redirectErr)
}

func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// seedDemo fills an empty store with the demo organization and prints
// the tokens made, so that the API can be tried at once.
func seedDemo(ctx context.Context, cx *cmdContext, st store.Store, tenant string, users int, judge func(*model.Call), logger *slog.Logger) error {
	toks, err := demo.Seed(ctx, st, tenant, users, judge, logger)
	if err != nil {
		return err
	}
	if len(toks) == 0 {
		fmt.Fprintln(cx.stdout, "demo: the store already has API tokens (callscope token list); no new ones made")
	}
	for _, tok := range toks {
		fmt.Fprintf(cx.stdout, "demo %-10s token: %s\n", tok.Role, tok.Secret)
	}
	return nil
}
