package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/callscope/callscope/internal/client"
	"github.com/callscope/callscope/internal/store"
)

// remote is --server and --token: the embedded store is opened by one
// process at a time, so while `callscope serve` holds it, a command that
// can works through the server's API instead.
type remote struct {
	server, token string
	// verb says what the command does through the server ("send the
	// files to"), tokenKind which token it needs ("an admin API token"):
	// for the flags' usage and the hint.
	verb, tokenKind string
}

// What the read commands do through a server, with which token.
const (
	readVerb      = "read through"
	readTokenKind = "an API token"
	// readTokenNote is why the read commands take any role's token.
	readTokenNote = "its role decides what is shown"
)

// addRemoteFlags adds --server and --token (CALLSCOPE_SERVER and
// CALLSCOPE_TOKEN, as every flag) to a command's flags; note, when not
// empty, ends the usage of --token.
func addRemoteFlags(fs *flagSet, verb, tokenKind, note string) *remote {
	r := &remote{verb: verb, tokenKind: tokenKind}
	usage := "with --server: " + tokenKind + " (better given as CALLSCOPE_TOKEN)"
	if note != "" {
		usage += "; " + note
	}
	fs.StringVar(&r.server, "server", "", verb+" this running callscope server (http://host:port) instead of opening the store")
	fs.StringVar(&r.token, "token", "", usage)
	return r
}

// addReadFlags adds the remote flags of a read command.
func addReadFlags(fs *flagSet) *remote {
	return addRemoteFlags(fs, readVerb, readTokenKind, readTokenNote)
}

// on reports whether the command works through a server.
func (r *remote) on() bool { return r.server != "" }

// dial returns the server's client. The tenant is sent only when
// --tenant (or CALLSCOPE_TENANT) was given; otherwise the token's first
// tenant applies, as in every API request.
func (r *remote) dial(fs *flagSet, c *common) (*client.Client, error) {
	tenant := ""
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "tenant" {
			tenant = c.tenant
		}
	})
	return client.New(r.server, r.token, tenant)
}

// open opens the store as common.open does and, when a server holds it,
// says how to go through the server instead.
func (r *remote) open(ctx context.Context, c *common) (store.Store, error) {
	st, err := store.Open(ctx, c.store)
	if err != nil {
		return nil, r.hintLocked(err)
	}
	return st, nil
}

// hintLocked follows the error of a store that would not open: when
// another process holds it, it names the flags that reach the server.
func (r *remote) hintLocked(err error) error {
	if errors.Is(err, store.ErrLocked) {
		return fmt.Errorf("%w\nif a callscope server holds the store, %s it: --server http://HOST:PORT with %s in CALLSCOPE_TOKEN",
			err, r.verb, r.tokenKind)
	}
	return err
}
