package acsblob

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"
)

// The blob tests run against Azurite, the Azure Storage emulator, which
// they start themselves once per test binary. CI installs it (.ci/run,
// from tools/azurite's lockfile) and must run them: a missing Azurite
// fails them, unless CALLSCOPE_SKIP_AZURITE=1 says to skip them on a
// machine without it (never in CI, where CI is set). CALLSCOPE_AZURITE
// names the azurite-blob program; by default it is the one the lockfile
// installs into tools/azurite/node_modules, else azurite-blob on PATH.

// Azurite's well-known development account.
const (
	devAccount = "devstoreaccount1"
	devKey     = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
)

var emulator struct {
	once sync.Once
	url  string // http://127.0.0.1:<port>/devstoreaccount1
	cmd  *exec.Cmd
	done chan struct{}
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if emulator.cmd != nil {
		emulator.cmd.Process.Kill()
		<-emulator.done
	}
	os.Exit(code)
}

// azurite returns the blob endpoint of the running emulator, starting it
// on first use.
func azurite(t *testing.T) string {
	t.Helper()
	if os.Getenv("CALLSCOPE_SKIP_AZURITE") == "1" {
		if os.Getenv("CI") != "" {
			t.Fatal("CALLSCOPE_SKIP_AZURITE=1 in CI: CI must run the Azure Storage tests")
		}
		t.Skip("CALLSCOPE_SKIP_AZURITE=1: Azure Storage tests skipped")
	}
	bin, err := azuriteBinary()
	if err != nil {
		t.Fatal(err)
	}
	emulator.once.Do(func() { emulator.url, emulator.err = startAzurite(bin) })
	if emulator.err != nil {
		t.Fatal(emulator.err)
	}
	return emulator.url
}

func azuriteBinary() (string, error) {
	if p := os.Getenv("CALLSCOPE_AZURITE"); p != "" {
		return p, nil
	}
	local, _ := filepath.Abs("../../tools/azurite/node_modules/.bin/azurite-blob")
	if _, err := os.Stat(local); err == nil {
		return local, nil
	}
	if p, err := exec.LookPath("azurite-blob"); err == nil {
		return p, nil
	}
	return "", errors.New("Azurite (the Azure Storage emulator) not found: " + installHint)
}

const installHint = "install it with `npm ci --prefix tools/azurite` (Node 20 or later), " +
	"name its azurite-blob with CALLSCOPE_AZURITE, " +
	"or set CALLSCOPE_SKIP_AZURITE=1 to skip the Azure Storage tests on this machine"

// configureAzurite adjusts the emulator's process before it starts.
var configureAzurite = func(*exec.Cmd) {}

var listening = regexp.MustCompile(`listens on (http://127\.0\.0\.1:\d+)`)

// startAzurite runs azurite-blob on a port the system picks, in memory,
// and waits (bounded) for the line saying where it listens.
func startAzurite(bin string) (string, error) {
	dir, err := os.MkdirTemp("", "callscope-azurite-")
	if err != nil {
		return "", err
	}
	// In-memory persistence writes no data; Azurite refuses --location
	// with it, so the working folder is a temporary one instead.
	cmd := exec.Command(bin, "--blobHost", "127.0.0.1", "--blobPort", "0",
		"--inMemoryPersistence", "--skipApiVersionCheck", "--silent", "--disableTelemetry")
	cmd.Dir = dir
	configureAzurite(cmd)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", err
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		return "", fmt.Errorf("starting Azurite (%s): %w; %s", bin, err, installHint)
	}
	emulator.cmd = cmd
	emulator.done = make(chan struct{})
	found := make(chan string, 1)
	var log []string
	var mu sync.Mutex
	go func() {
		defer close(emulator.done)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			mu.Lock()
			log = append(log, sc.Text())
			mu.Unlock()
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case found <- m[1]:
				default:
				}
			}
		}
		io.Copy(io.Discard, out)
		cmd.Wait()
		os.RemoveAll(dir)
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	select {
	case u := <-found:
		return u + "/" + devAccount, nil
	case <-emulator.done:
		mu.Lock()
		defer mu.Unlock()
		return "", fmt.Errorf("Azurite (%s) stopped before listening: %v", bin, log)
	case <-ctx.Done():
		mu.Lock()
		defer mu.Unlock()
		return "", fmt.Errorf("Azurite (%s) not listening after 30s: %v", bin, log)
	}
}
