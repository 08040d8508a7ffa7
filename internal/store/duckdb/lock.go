package duckdb

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"

	"github.com/callscope/callscope/internal/store"
)

// pidPattern finds the holder in DuckDB's lock error, which reads
// "Conflicting lock is held in /usr/bin/callscope (PID 1234)".
var pidPattern = regexp.MustCompile(`Conflicting lock is held in .*\(PID (\d+)\)`)

// lockedPattern finds a lock error that names no holder.
var lockedPattern = regexp.MustCompile(`(?i)could not set lock on file`)

// lockHolder reports whether err is DuckDB's "file is locked" error and,
// if so, the PID it names (0 when it names none).
func lockHolder(err error) (int, bool) {
	msg := err.Error()
	if m := pidPattern.FindStringSubmatch(msg); m != nil {
		pid, _ := strconv.Atoi(m[1])
		return pid, true
	}
	if lockedPattern.MatchString(msg) {
		return 0, true
	}
	return 0, false
}

// DuckDB's file lock is a POSIX record lock, which a process does not
// conflict with itself on: a second open of the same file in one process
// would succeed and corrupt it. Opens in this process are therefore
// tracked here by absolute path.
var (
	openMu    sync.Mutex
	openPaths = map[string]bool{}
)

// fileLock marks a path as open in this process until released.
type fileLock struct {
	once sync.Once
	path string
}

func lockInProcess(path string) (*fileLock, error) {
	if path == memoryPath {
		return nil, nil // each in-memory database is a store of its own
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	openMu.Lock()
	defer openMu.Unlock()
	if openPaths[abs] {
		return nil, fmt.Errorf("store %s is already open in this process; close it first: %w", path, store.ErrLocked)
	}
	openPaths[abs] = true
	return &fileLock{path: abs}, nil
}

func (l *fileLock) release() {
	if l == nil {
		return
	}
	l.once.Do(func() {
		openMu.Lock()
		delete(openPaths, l.path)
		openMu.Unlock()
	})
}
