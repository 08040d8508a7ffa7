package main

import (
	"bufio"
	"context"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/store/postgres/pgtest"
)

// server is a callscope serve process whose log the test reads.
type server struct {
	cmd  *exec.Cmd
	mu   sync.Mutex
	log  []string
	url  string
	done chan struct{}
}

func (s *server) lines() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.log...)
}

func (s *server) leads(job string) bool {
	for _, l := range s.lines() {
		if strings.Contains(l, "this process leads a job") && strings.Contains(l, "job="+job) {
			return true
		}
	}
	return false
}

// TestTwoServersOneDatabase: two real serve processes on one PostgreSQL
// database both serve a token made by the command line; one of them runs
// retention, and when it is killed with SIGKILL the other takes over.
func TestTwoServersOneDatabase(t *testing.T) {
	t.Parallel()
	bin := filepath.Join(t.TempDir(), "callscope")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	srv, err := pgtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Stop() })
	dsn := srv.Database(t)
	out, err := exec.Command(bin, "token", "create", "--store", dsn, "--name", "desk", "--role", "engineer", "--tenant", "contoso").CombinedOutput()
	if err != nil {
		t.Fatalf("token create: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	token := lines[len(lines)-1]

	urlRe := regexp.MustCompile(`url=(http://\S+)`)
	start := func() *server {
		s := &server{cmd: exec.Command(bin, "serve", "--store", dsn, "--addr", "127.0.0.1:0", "--tenant", "contoso", "-v"), done: make(chan struct{})}
		stderr, err := s.cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := s.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go func() {
			defer close(s.done)
			sc := bufio.NewScanner(stderr)
			for sc.Scan() {
				s.mu.Lock()
				s.log = append(s.log, sc.Text())
				if m := urlRe.FindStringSubmatch(sc.Text()); m != nil && s.url == "" {
					s.url = m[1]
				}
				s.mu.Unlock()
			}
		}()
		t.Cleanup(func() {
			s.cmd.Process.Kill()
			s.cmd.Wait()
		})
		return s
	}
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			if ok() {
				return
			}
		}
		t.Fatalf("waited a minute for %s", what)
	}
	a, b := start(), start()
	for _, s := range []*server{a, b} {
		waitFor("a server to listen", func() bool { s.mu.Lock(); defer s.mu.Unlock(); return s.url != "" })
		req, _ := http.NewRequestWithContext(context.Background(), "GET", s.url+"/api/v1/me", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s/api/v1/me with the token: %s", s.url, resp.Status)
		}
	}
	waitFor("a leader of retention", func() bool { return a.leads("retention") || b.leads("retention") })
	time.Sleep(3 * time.Second) // long enough for the other to have asked
	leader, other := a, b
	if b.leads("retention") {
		leader, other = b, a
	}
	if other.leads("retention") {
		t.Fatal("both servers lead retention")
	}
	if err := leader.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	waitFor("the other server to take retention over", func() bool { return other.leads("retention") })
}
