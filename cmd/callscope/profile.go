package main

import (
	"fmt"
	"os"
	"runtime/pprof"
)

// startProfile writes a CPU profile of the whole command to the file
// CALLSCOPE_CPUPROFILE names, and a heap profile at its end to the file
// CALLSCOPE_MEMPROFILE names, for finding where an ingest or a server
// spends its time and memory on an organization's own data (`go tool
// pprof`). The returned function ends them.
func startProfile(cx *cmdContext) func() {
	stopCPU := startCPUProfile(cx)
	return func() {
		stopCPU()
		writeHeapProfile(cx)
	}
}

func writeHeapProfile(cx *cmdContext) {
	path, ok := cx.lookupEnv("CALLSCOPE_MEMPROFILE")
	if !ok || path == "" {
		return
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.Lookup("allocs").WriteTo(f, 0)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope: heap profile: %v\n", err)
	}
}

func startCPUProfile(cx *cmdContext) func() {
	path, ok := cx.lookupEnv("CALLSCOPE_CPUPROFILE")
	if !ok || path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope: CPU profile: %v\n", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintf(cx.stderr, "callscope: CPU profile: %v\n", err)
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			fmt.Fprintf(cx.stderr, "callscope: CPU profile: %v\n", err)
		}
	}
}
