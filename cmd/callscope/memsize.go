package main

import (
	"fmt"
	"strconv"
	"strings"
)

// minStoreMemory is the least --store-memory ingest accepts. Writing a
// batch of calls holds one of the engine's blocks for each of the 190 or
// so columns it appends to (33 MiB after the first batch of realistic
// records), until a checkpoint. At 64 MB an ingest of realistic records
// stopped at a large batch ("could not allocate block") having stored
// part of its input; at 96 MB, 400 MB of call records and 100 MB of ACS
// exports went in.
const minStoreMemory = 96_000_000 // 96MB in the engine's notation, where MB is 10⁶ bytes

// memoryUnits are the units of DuckDB's memory notation, lower-cased.
var memoryUnits = map[string]float64{
	"b": 1, "byte": 1, "bytes": 1,
	"kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40,
}

// parseMemorySize reads a size in DuckDB's notation ("160MB", "1.5 GB",
// "512MiB") as bytes.
func parseMemorySize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := strings.IndexFunc(t, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	if i <= 0 {
		return 0, fmt.Errorf("%q is not a size: give a number and a unit, as in 160MB or 1GB", s)
	}
	n, err := strconv.ParseFloat(t[:i], 64)
	unit, ok := memoryUnits[strings.ToLower(strings.TrimSpace(t[i:]))]
	if err != nil || !ok {
		return 0, fmt.Errorf("%q is not a size: give a number and a unit (KB, MB, GB, KiB, MiB, GiB), as in 160MB or 1GB", s)
	}
	return int64(n * unit), nil
}

// checkStoreMemory rejects a --store-memory the engine cannot ingest in.
func checkStoreMemory(s string) error {
	n, err := parseMemorySize(s)
	if err != nil {
		return fmt.Errorf("--store-memory: %w", err)
	}
	if n < minStoreMemory {
		return fmt.Errorf("--store-memory %s is too little for ingesting: the engine holds blocks for every column it writes; give at least 96MB", s)
	}
	return nil
}
