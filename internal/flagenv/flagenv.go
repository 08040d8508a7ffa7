// Package flagenv gives command-line flags environment-variable
// fallbacks: a flag not set on the command line takes CALLSCOPE_<FLAG>
// (upper case, dashes as underscores) when that is set. Flags always win,
// so a script's environment never overrides what a person typed.
package flagenv

import (
	"flag"
	"fmt"
	"os"
	"strings"
)

// Prefix starts every environment variable read.
const Prefix = "CALLSCOPE_"

// EnvName returns the environment variable that backs a flag.
func EnvName(flagName string) string {
	return Prefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// Parse parses args into fs, then applies environment fallbacks to the
// flags the arguments did not set. lookup is os.LookupEnv outside tests.
func Parse(fs *flag.FlagSet, args []string, lookup func(string) (string, bool)) error {
	if lookup == nil {
		lookup = os.LookupEnv
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if set[f.Name] || err != nil {
			return
		}
		if v, ok := lookup(EnvName(f.Name)); ok {
			if e := fs.Set(f.Name, v); e != nil {
				err = fmt.Errorf("environment variable %s: %w", EnvName(f.Name), e)
			}
		}
	})
	return err
}
