package main

import (
	"strings"
	"testing"
)

func TestParseMemorySize(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want int64
		bad  bool
	}{
		{in: "160MB", want: 160e6},
		{in: "1GB", want: 1e9},
		{in: "1.5 GB", want: 1.5e9},
		{in: "512MiB", want: 512 << 20},
		{in: " 96mb ", want: 96e6},
		{in: "2048KiB", want: 2 << 20},
		{in: "100000000 bytes", want: 1e8},
		{in: "160", bad: true}, // DuckDB wants a unit
		{in: "MB", bad: true},
		{in: "ten MB", bad: true},
		{in: "1.2.3GB", bad: true},
		{in: "80%", bad: true},
		{in: "", bad: true},
	} {
		got, err := parseMemorySize(tc.in)
		if tc.bad {
			if err == nil {
				t.Errorf("parseMemorySize(%q) = %d, want an error", tc.in, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("parseMemorySize(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
}

func TestStoreMemoryTooLittleIsAUsageError(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	for _, tc := range []struct{ value, says string }{
		{"64MB", "at least 96MB"},
		{"lots", "not a size"},
	} {
		_, stderr, code := c.run("", "ingest", "--store-memory", tc.value, "../../examples")
		if code != exitUsage || !strings.Contains(stderr, tc.says) {
			t.Errorf("ingest --store-memory %s: exit %d, %q; want a usage error saying %q", tc.value, code, stderr, tc.says)
		}
	}
	for _, enough := range []string{"96MB", "128MiB"} {
		if _, stderr, code := c.run("", "ingest", "--store-memory", enough, "../../examples"); code != 0 {
			t.Errorf("ingest --store-memory %s: exit %d, %s", enough, code, stderr)
		}
	}
}
