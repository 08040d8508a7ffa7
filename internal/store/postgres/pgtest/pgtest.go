// Package pgtest runs a real PostgreSQL server for tests: the binaries of
// Debian's postgresql package, a cluster made by initdb in a temporary
// folder, listening on 127.0.0.1 only, on a port of its own, and stopped
// and removed when the tests end. Each test gets a database of its own.
// Nothing is mocked.
//
// Without the binaries the tests fail, rather than skip, so that CI
// cannot pass without running them: tools/test-deps.sh installs the
// package. CALLSCOPE_PG_BIN names another folder of binaries.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Server is a throwaway PostgreSQL cluster.
type Server struct {
	bin  string // folder of initdb, pg_ctl, postgres
	dir  string // the cluster's folder, removed by Stop
	port int
	// owner runs the server when the tests run as root, which PostgreSQL
	// refuses to run as; nil otherwise.
	owner *user.User
	next  atomic.Int64 // databases made so far, for their names
}

// superuser is the role initdb makes, with trust authentication from
// 127.0.0.1 only.
const superuser = "callscope"

// Start makes a cluster and starts its server.
func Start() (*Server, error) {
	bin, err := binaries()
	if err != nil {
		return nil, err
	}
	s := &Server{bin: bin}
	if os.Geteuid() == 0 {
		if s.owner, err = user.Lookup("postgres"); err != nil {
			return nil, fmt.Errorf("pgtest: running as root, and PostgreSQL will not: %w (the postgresql package makes the postgres user)", err)
		}
	}
	if s.dir, err = os.MkdirTemp("", "callscope-pg-"); err != nil {
		return nil, fmt.Errorf("pgtest: %w", err)
	}
	if err := s.chown(s.dir); err != nil {
		s.remove()
		return nil, err
	}
	data := filepath.Join(s.dir, "data")
	if out, err := s.run("initdb", "-D", data, "-U", superuser, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"); err != nil {
		s.remove()
		return nil, fmt.Errorf("pgtest: initdb: %w\n%s", err, out)
	}
	// A port can be taken between asking for a free one and the server
	// binding it; then another is tried.
	for attempt := 0; ; attempt++ {
		if s.port, err = freePort(); err != nil {
			s.remove()
			return nil, err
		}
		opts := strings.Join([]string{
			"-p " + strconv.Itoa(s.port),
			"-c listen_addresses=127.0.0.1",
			"-c unix_socket_directories=''",
			// Test data need not survive a crash of the machine.
			"-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off",
			"-c max_connections=200",
		}, " ")
		out, err := s.run("pg_ctl", "-D", data, "-l", filepath.Join(s.dir, "server.log"), "-o", opts, "-w", "-t", "60", "start")
		if err == nil {
			return s, nil
		}
		if attempt == 2 {
			log, _ := os.ReadFile(filepath.Join(s.dir, "server.log"))
			s.remove()
			return nil, fmt.Errorf("pgtest: pg_ctl start: %w\n%s\n%s", err, out, log)
		}
	}
}

// Stop stops the server at once and removes the cluster.
func (s *Server) Stop() error {
	_, err := s.run("pg_ctl", "-D", filepath.Join(s.dir, "data"), "-m", "immediate", "-w", "stop")
	s.remove()
	if err != nil {
		return fmt.Errorf("pgtest: pg_ctl stop: %w", err)
	}
	return nil
}

// DSN is the connection string of the database db as the superuser.
func (s *Server) DSN(db string) string {
	return fmt.Sprintf("postgres://%s@127.0.0.1:%d/%s?sslmode=disable", superuser, s.port, db)
}

// Database makes an empty database for one test and drops it when the
// test ends; it returns its connection string.
func (s *Server) Database(t testing.TB) string {
	t.Helper()
	name := fmt.Sprintf("t%d", s.next.Add(1))
	if err := s.exec(context.Background(), "CREATE DATABASE "+name); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	t.Cleanup(func() {
		if err := s.exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("pgtest: drop database %s: %v", name, err)
		}
	})
	return s.DSN(name)
}

// exec runs one statement in the maintenance database.
func (s *Server) exec(ctx context.Context, sql string) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, s.DSN("postgres"))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql)
	return err
}

// Main runs a test binary's tests with a server in *srv, stopped after
// them: call it from TestMain.
func Main(m *testing.M, srv **Server) {
	s, err := Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	*srv = s
	code := m.Run()
	if err := s.Stop(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

// run runs one of the server's programs, as the cluster's owner.
func (s *Server) run(program string, args ...string) ([]byte, error) {
	path := filepath.Join(s.bin, program)
	var cmd *exec.Cmd
	if s.owner != nil {
		cmd = exec.Command("runuser", append([]string{"-u", s.owner.Username, "--", path}, args...)...)
	} else {
		cmd = exec.Command(path, args...)
	}
	cmd.Dir = s.dir
	return cmd.CombinedOutput()
}

// chown gives the folder to the cluster's owner when it is not the
// tests' user.
func (s *Server) chown(dir string) error {
	if s.owner == nil {
		return nil
	}
	uid, _ := strconv.Atoi(s.owner.Uid)
	gid, _ := strconv.Atoi(s.owner.Gid)
	if err := os.Chown(dir, uid, gid); err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	return nil
}

func (s *Server) remove() {
	if s.dir != "" {
		os.RemoveAll(s.dir)
	}
}

// binaries finds the folder of initdb: CALLSCOPE_PG_BIN, the newest
// version Debian's packages installed, or the PATH.
func binaries() (string, error) {
	if dir := os.Getenv("CALLSCOPE_PG_BIN"); dir != "" {
		return dir, nil
	}
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	slices.SortFunc(found, func(a, b string) int { return version(b) - version(a) })
	if len(found) > 0 {
		return filepath.Dir(found[0]), nil
	}
	if path, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(path), nil
	}
	return "", errors.New("pgtest: no PostgreSQL server found: install Debian's postgresql package (tools/test-deps.sh does), or set CALLSCOPE_PG_BIN to the folder of initdb and pg_ctl")
}

// version is the major version in a path /usr/lib/postgresql/<v>/bin/….
func version(path string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(path))))
	return v
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("pgtest: find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
