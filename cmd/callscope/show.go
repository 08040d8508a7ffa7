package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/callscope/callscope/internal/console"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/view"
)

func runShow(ctx context.Context, cx *cmdContext, args []string) int {
	var c common
	fs := newFlagSet(cx, "show", "CALL_ID", &c)
	if code, ok := parse(cx, fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(cx.stderr, "callscope show: give exactly one call id")
		fs.Usage()
		return exitUsage
	}
	st, ok := c.open(ctx, cx, "show")
	if !ok {
		return exitUsage
	}
	defer closeStore(cx, "show", st)
	call, err := st.Call(ctx, c.tenant, fs.Arg(0))
	if errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(cx.stderr, "callscope show: no call %s in tenant %s\n", fs.Arg(0), c.tenant)
		return exitUsage
	}
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope show: %v\n", err)
		return exitUsage
	}
	if !c.asJSON {
		if err := console.WriteCall(cx.stdout, call, console.Style{Color: cx.stdoutIsTerminal}); err != nil {
			return exitUsage
		}
		return exitOK
	}
	out, err := view.CallJSON(call)
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope show: %v\n", err)
		return exitUsage
	}
	enc := json.NewEncoder(cx.stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return exitUsage
	}
	return exitOK
}
