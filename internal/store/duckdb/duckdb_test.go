package duckdb

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/storetest"
	"github.com/callscope/callscope/internal/store/tables"
)

func openTemp(t *testing.T) store.Store {
	t.Helper()
	return openAt(t, filepath.Join(t.TempDir(), "callscope.db"))
}

func openAt(t *testing.T, path string, opts ...Option) *DB {
	t.Helper()
	d, err := Open(context.Background(), path, opts...)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() {
		if err := d.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	t.Cleanup(func() { checkInvariants(t, d) }) // runs before Close
	return d
}

func reopen(t *testing.T, s store.Store) store.Store {
	t.Helper()
	d := s.(*DB)
	if err := d.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return openAt(t, d.name)
}

func TestConformance(t *testing.T) {
	t.Parallel()
	storetest.Run(t, openTemp, storetest.WithReopen(reopen))
}

func TestOpenThroughRegistry(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	for _, dsn := range []string{filepath.Join(dir, "plain.db"), "duckdb:" + filepath.Join(dir, "prefixed.db")} {
		s, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatalf("store.Open(%s): %v", dsn, err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"plain.db", "prefixed.db"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("Open did not create %s: %v", name, err)
		}
	}
	m, err := store.Open(ctx, "duckdb::memory:")
	if err != nil {
		t.Fatalf("in-memory store: %v", err)
	}
	defer m.Close()
	if _, err := m.PutCalls(ctx, []*model.Call{storetest.SampleCall("t", "c", 1, time.Now(), 1, 1)}); err != nil {
		t.Fatal(err)
	}
}

func TestMigrationsRecorded(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "callscope.db")
	at := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	d := openAt(t, path, WithClock(func() time.Time { return at }))
	type row struct {
		version int
		name    string
		applied time.Time
	}
	read := func(d *DB) []row {
		rows, err := d.db.Query(`SELECT version, name, applied_at FROM schema_migrations ORDER BY version`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.version, &r.name, &r.applied); err != nil {
				t.Fatal(err)
			}
			out = append(out, r)
		}
		return out
	}
	got := read(d)
	if len(got) != SchemaVersion() || got[0].version != 1 || got[0].name != "init" || !got[0].applied.Equal(at) {
		t.Fatalf("schema_migrations = %+v, want versions 1..%d applied at %v", got, SchemaVersion(), at)
	}
	d.Close()
	again := read(openAt(t, path))
	if len(again) != len(got) {
		t.Fatalf("reopening applied migrations again: %+v", again)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "callscope.db")
	d := openAt(t, path)
	if _, err := d.db.Exec(`INSERT INTO schema_migrations VALUES (?, 'from the future', now())`, SchemaVersion()+1); err != nil {
		t.Fatal(err)
	}
	d.Close()
	_, err := Open(context.Background(), path)
	if !errors.Is(err, store.ErrSchemaTooNew) {
		t.Fatalf("Open of a newer schema = %v, want ErrSchemaTooNew", err)
	}
	want := fmt.Sprintf("has schema version %d, but this callscope knows only versions up to %d", SchemaVersion()+1, SchemaVersion())
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not say %q", err, want)
	}
	// The refused open released the file.
	openAt(t, filepath.Join(filepath.Dir(path), "other.db"))
	if _, err := Open(context.Background(), path); !errors.Is(err, store.ErrSchemaTooNew) {
		t.Fatalf("second Open = %v", err)
	}
}

func TestOpenTwiceInProcess(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "callscope.db")
	d := openAt(t, path)
	_, err := Open(context.Background(), path)
	if !errors.Is(err, store.ErrLocked) || !strings.Contains(err.Error(), "already open in this process") {
		t.Fatalf("second Open in one process = %v, want ErrLocked", err)
	}
	d.Close()
	openAt(t, path) // released by Close
}

// holdEnv switches the test binary into holding a store open, as the
// second process of TestLockedByOtherProcess.
const holdEnv = "CALLSCOPE_TEST_HOLD_STORE"

func TestLockedByOtherProcess(t *testing.T) {
	if path := os.Getenv(holdEnv); path != "" {
		holdStore(t, path)
		return
	}
	t.Parallel()
	path := filepath.Join(t.TempDir(), "callscope.db")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestLockedByOtherProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), holdEnv+"="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stdin.Close()
		if err := cmd.Wait(); err != nil {
			t.Errorf("holder process: %v", err)
		}
	}()
	ready, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || strings.TrimSpace(ready) != "ready" {
		t.Fatalf("holder process said %q, %v", ready, err)
	}

	_, err = Open(ctx, path)
	if !errors.Is(err, store.ErrLocked) {
		t.Fatalf("Open of a held store = %v, want ErrLocked", err)
	}
	var le *store.LockedError
	if !errors.As(err, &le) || le.PID != cmd.Process.Pid {
		t.Fatalf("error %v does not name the holder, PID %d", err, cmd.Process.Pid)
	}
	want := fmt.Sprintf("store %s is in use by another process (PID %d); stop it first, or work through it if it is a callscope server", path, cmd.Process.Pid)
	if err.Error() != want {
		t.Errorf("error = %q, want %q", err, want)
	}
	// Through the registry, the same.
	if _, err := store.Open(ctx, path); !errors.Is(err, store.ErrLocked) {
		t.Errorf("store.Open of a held store = %v, want ErrLocked", err)
	}
}

// holdStore opens the store, says so, and keeps it open until its stdin
// closes.
func holdStore(t *testing.T, path string) {
	d, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("holder: %v", err)
	}
	defer d.Close()
	fmt.Println("ready")
	_, _ = bufio.NewReader(os.Stdin).ReadString('\n')
}

// TestColumnsMatchSchema holds the Go column lists, which feed the
// appender by position, to the tables the migrations create.
func TestColumnsMatchSchema(t *testing.T) {
	t.Parallel()
	d := openAt(t, filepath.Join(t.TempDir(), "callscope.db"))
	f := func(table string, want []string) {
		t.Helper()
		rows, err := d.db.Query(`SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position`, table)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var got []string
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				t.Fatal(err)
			}
			got = append(got, c)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s columns:\n got %v\nwant %v", table, got, want)
		}
	}
	names := func(n int, name func(int) string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = name(i)
		}
		return out
	}
	f("stream_facts", names(len(tables.FactColumns), func(i int) string { return tables.FactColumns[i].Name }))
	f("call_people", names(len(tables.PeopleColumns), func(i int) string { return tables.PeopleColumns[i].Name }))
	enc, err := store.EncodeCall(storetest.SampleCall("t", "c", 1, time.Now(), 1, 1))
	if err != nil {
		t.Fatal(err)
	}
	var columns int
	if err := d.db.QueryRow(`SELECT count(*) FROM information_schema.columns WHERE table_name = 'calls'`).Scan(&columns); err != nil {
		t.Fatal(err)
	}
	row, err := callRow(enc, time.Now(), false)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(row); got != columns {
		t.Errorf("callRow has %d values; calls has %d columns", got, columns)
	}
}

// TestFactsKeepNulls checks that unknown metrics are stored as NULL, not
// as zero, so that aggregates count only what was measured.
func TestFactsKeepNulls(t *testing.T) {
	t.Parallel()
	d := openAt(t, filepath.Join(t.TempDir(), "callscope.db"))
	c := storetest.SampleCall("tenant-a", "call-1", 1, time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC), 1, 2)
	if _, err := d.PutCalls(context.Background(), []*model.Call{c}); err != nil {
		t.Fatal(err)
	}
	var n, jitter, maxJitter, subnet, calleeSubnet, videoCodec int
	var sumJitter float64
	err := d.db.QueryRow(`SELECT count(*), count(jitter_ms), count(max_jitter_ms), count(caller_subnet),
		count(callee_subnet), count(video_codec), sum(jitter_ms) FROM stream_facts`).
		Scan(&n, &jitter, &maxJitter, &subnet, &calleeSubnet, &videoCodec, &sumJitter)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 || jitter != 2 || maxJitter != 0 || subnet != 2 || calleeSubnet != 0 || videoCodec != 0 || sumJitter != 21 {
		t.Errorf("facts: %d rows, %d jitter, %d max jitter, %d caller subnets, %d callee subnets, %d video codecs, jitter sum %v",
			n, jitter, maxJitter, subnet, calleeSubnet, videoCodec, sumJitter)
	}
}
