package gen

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The same Options give byte-identical files, another seed other bytes,
// and each format's files (the usage logs go with Graph's) do not depend
// on whether the other format is written too.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	base := Options{Seed: 42, Users: 15, Days: 2, End: testEnd}
	with := func(f func(*Options)) Options {
		o := base
		f(&o)
		return o
	}
	all := func(string) bool { return true }
	under := func(prefix string) func(string) bool {
		return func(p string) bool { return strings.HasPrefix(p, prefix) }
	}
	cases := []struct {
		name  string
		a, b  Options
		part  func(string) bool
		equal bool
	}{
		{"same seed", base, base, all, true},
		{"same seed, byte target", with(func(o *Options) { o.Bytes = 2 << 20 }), with(func(o *Options) { o.Bytes = 2 << 20 }), all, true},
		{"same seed, plain JSON", with(func(o *Options) { o.Plain = true }), with(func(o *Options) { o.Plain = true }), all, true},
		{"other seed", base, with(func(o *Options) { o.Seed = 43 }), all, false},
		{"other tenant", base, with(func(o *Options) { o.TenantID = "0f0e0d0c-0b0a-4909-8807-060504030201" }), all, false},
		{"graph alone", base, with(func(o *Options) { o.Format = FormatGraph }), under("graph/"), true},
		{"usage logs with graph alone", base, with(func(o *Options) { o.Format = FormatGraph }), under("usage/"), true},
		{"acs alone", base, with(func(o *Options) { o.Format = FormatACS }), under("acs/"), true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dirA, _ := generate(t, tc.a)
			dirB, _ := generate(t, tc.b)
			a, b := digest(t, dirA, tc.part), digest(t, dirB, tc.part)
			if len(a) == 0 {
				t.Fatal("no files compared")
			}
			if got := maps.Equal(a, b); got != tc.equal {
				t.Errorf("files equal = %v, want %v (%d and %d files)", got, tc.equal, len(a), len(b))
			}
		})
	}
}

// digest maps the files under dir that part selects, by slash path, to
// their SHA-256.
func digest(t *testing.T, dir string, part func(string) bool) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if !part(rel) {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		out[rel] = hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Result.Files lists exactly the files on disk.
func TestResultListsFiles(t *testing.T) {
	t.Parallel()
	dir, res := generate(t, Options{Seed: 5, Users: 10, Days: 1, End: testEnd})
	var listed []string
	for _, f := range res.Files {
		rel, err := filepath.Rel(dir, f)
		if err != nil {
			t.Fatal(err)
		}
		listed = append(listed, filepath.ToSlash(rel))
	}
	slices.Sort(listed)
	onDisk := slices.Sorted(maps.Keys(digest(t, dir, func(string) bool { return true })))
	if !slices.Equal(listed, onDisk) {
		t.Errorf("Result.Files %v\non disk %v", listed, onDisk)
	}
}
