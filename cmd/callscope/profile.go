package main

import (
	"fmt"
	"os"
	"runtime/pprof"
	"runtime/trace"
)

// startProfile writes a CPU profile of the whole command to the file
// CALLSCOPE_CPUPROFILE names, and a heap profile at its end to the file
// CALLSCOPE_MEMPROFILE names, for finding where an ingest or a server
// spends its time and memory on an organization's own data (`go tool
// pprof`), and an execution trace to the file CALLSCOPE_TRACE names,
// for seeing which step waits for which (`go tool trace`). The returned
// function ends them.
func startProfile(cx *cmdContext) func() {
	stopCPU := startCPUProfile(cx)
	stopTrace := startTrace(cx)
	return func() {
		stopTrace()
		stopCPU()
		writeHeapProfile(cx)
	}
}

func startTrace(cx *cmdContext) func() {
	path, ok := cx.lookupEnv("CALLSCOPE_TRACE")
	if !ok || path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		if err = trace.Start(f); err != nil {
			f.Close()
		}
	}
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope: execution trace: %v\n", err)
		return func() {}
	}
	return func() {
		trace.Stop()
		if err := f.Close(); err != nil {
			fmt.Fprintf(cx.stderr, "callscope: execution trace: %v\n", err)
		}
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
