package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/callscope/callscope/internal/msgraph"
)

// graphFlags are the Microsoft Graph sign-in settings of the commands
// that collect from Graph. The secret is best given by its environment
// variable, CALLSCOPE_GRAPH_CLIENT_SECRET, which other users of the
// machine cannot read from the process list.
type graphFlags struct {
	tenantID, clientID, secret, certFile, cloud string
	loginURL, graphURL                          string
}

func addGraphFlags(fs *flag.FlagSet) *graphFlags {
	g := &graphFlags{}
	fs.StringVar(&g.tenantID, "graph-tenant-id", "", "Microsoft Entra tenant (directory) id or domain whose call records to read")
	fs.StringVar(&g.clientID, "graph-client-id", "", "application (client) id of the app registration with CallRecords.Read.All")
	fs.StringVar(&g.secret, "graph-client-secret", "", "the app's client secret (better: CALLSCOPE_GRAPH_CLIENT_SECRET)")
	fs.StringVar(&g.certFile, "graph-certificate", "", "PEM file with the app's certificate and private key, instead of a secret")
	fs.StringVar(&g.cloud, "graph-cloud", "global", "national cloud: global, usgov-l4, usgov-l5-dod or china-21vianet")
	fs.StringVar(&g.loginURL, "graph-login-url", "", "sign-in host, overriding the cloud's (https://host)")
	fs.StringVar(&g.graphURL, "graph-url", "", "Graph host, overriding the cloud's (https://host)")
	return g
}

// set reports whether any Graph setting was given.
func (g *graphFlags) set() bool { return g.tenantID != "" || g.clientID != "" }

// config is the Graph client's configuration, or a message saying what
// is missing.
func (g *graphFlags) config(logger *slog.Logger) (msgraph.Config, error) {
	var missing []string
	if g.tenantID == "" {
		missing = append(missing, "--graph-tenant-id")
	}
	if g.clientID == "" {
		missing = append(missing, "--graph-client-id")
	}
	if g.secret == "" && g.certFile == "" {
		missing = append(missing, "--graph-client-secret (or CALLSCOPE_GRAPH_CLIENT_SECRET) or --graph-certificate")
	}
	if len(missing) > 0 {
		return msgraph.Config{}, fmt.Errorf("reading from Microsoft Graph needs %s", strings.Join(missing, ", "))
	}
	if g.secret != "" && g.certFile != "" {
		return msgraph.Config{}, errors.New("give --graph-client-secret or --graph-certificate, not both")
	}
	cloud, err := msgraph.CloudByName(g.cloud)
	if err != nil {
		return msgraph.Config{}, err
	}
	if g.loginURL != "" {
		cloud.LoginURL = g.loginURL
	}
	if g.graphURL != "" {
		cloud.GraphURL = g.graphURL
	}
	cfg := msgraph.Config{Cloud: cloud, TenantID: g.tenantID, ClientID: g.clientID, ClientSecret: g.secret, Logger: logger}
	if g.certFile != "" {
		if cfg.CertificatePEM, err = os.ReadFile(g.certFile); err != nil {
			return msgraph.Config{}, fmt.Errorf("--graph-certificate: %w", err)
		}
	}
	return cfg, nil
}
