package ingest

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// input is one file to read, standard input, or a stream of a Batch.
type input struct {
	name string    // as reported to the user
	path string    // "" for standard input, streams and pipes
	body io.Reader // a stream's content; nil for files and standard input
	// pipe is an explicitly named file that is not a regular one (a named
	// pipe, a device): it is opened like a file but can be read only once,
	// so it is kept out of path, which the quarantine reads again.
	pipe string
	// err is why the input cannot be read at all, known before opening
	// it: a folder whose files could not be listed. Opening it fails, so
	// that it is rejected in its place among the inputs.
	err error
	// lines says body is JSON lines continuing after line firstLine
	// (AddLines), so the format is not detected from its first lines.
	lines     bool
	firstLine int
}

// telemetryExt lists the file names a folder walk picks up; files named
// explicitly are always read.
var telemetryExt = []string{".json", ".jsonl", ".ndjson", ".gz", ".txt"}

// walkDir walks a folder. It is a variable so that a test can make a
// folder fail between being listed and being read, which a chmod cannot
// do when the tests run as root.
var walkDir = filepath.WalkDir

// expand turns the command-line paths into inputs: files as given,
// folders walked recursively in lexical order, "-" for standard input.
// Entries of a folder that are not read (not telemetry, not a regular
// file) are listed in skipped. A folder that cannot be listed becomes an
// input whose opening fails, so that it is rejected like an unreadable
// file while the rest is still read. err is for a path that does not
// exist.
func expand(paths []string) (inputs []input, skipped []Problem, err error) {
	for _, p := range paths {
		if p == "-" {
			inputs = append(inputs, input{name: "-"})
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			return nil, nil, fmt.Errorf("input %s: %w", p, err)
		}
		if info.Mode().IsRegular() {
			inputs = append(inputs, input{name: p, path: p})
			continue
		}
		if !info.IsDir() {
			// A named pipe or a device named on the command line is a
			// stream the user means to be read.
			inputs = append(inputs, input{name: p, pipe: p})
			continue
		}
		in, sk := walkFolder(p)
		inputs = append(inputs, in...)
		skipped = append(skipped, sk...)
	}
	return inputs, skipped, nil
}

// walkFolder lists the inputs of one folder named on the command line.
func walkFolder(p string) (inputs []input, skipped []Problem) {
	// When p is a symbolic link to the folder, a trailing separator makes
	// the walk follow it, as the user named it; links inside are not
	// followed, so the walk cannot loop.
	root := p
	if fi, err := os.Lstat(p); err == nil && fi.Mode()&fs.ModeSymlink != 0 && !os.IsPathSeparator(p[len(p)-1]) {
		root += string(filepath.Separator)
	}
	// The callback never returns an error, so neither does the walk: a
	// folder that cannot be listed is one rejected input, not the end of
	// the run.
	_ = walkDir(root, func(path string, d fs.DirEntry, err error) error {
		if path == root {
			path = p
		}
		if err != nil {
			// The folder's own entry was seen, but its files could not be
			// listed (or, for the root, it vanished after os.Stat). The
			// entries read before the error, if any, are still walked.
			inputs = append(inputs, input{name: path, err: fmt.Errorf("listing the folder: %w", err)})
			return nil
		}
		if d.IsDir() {
			if path != p && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			return nil // hidden, like .DS_Store: not the user's data
		}
		if !d.Type().IsRegular() {
			// Reading a pipe or a device found in a folder could block
			// forever or never end; say so rather than leave it unnoticed.
			skipped = append(skipped, Problem{File: path, Error: "not a regular file: " + fileKind(d.Type())})
			return nil
		}
		if strings.EqualFold(filepath.Ext(d.Name()), ".md") {
			return nil // documentation beside the data
		}
		if !hasTelemetryExt(d.Name()) {
			skipped = append(skipped, Problem{File: path, Error: "not a telemetry file (expected .json, .jsonl, .ndjson or .gz)"})
			return nil
		}
		inputs = append(inputs, input{name: path, path: path})
		return nil
	})
	return inputs, skipped
}

// fileKind names the kind of a file that is not a regular one.
func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link (links inside a folder are not followed; name the file itself)"
	}
	return "a special file"
}

// Files lists what Run would read of paths, in the same order: files as
// given, the telemetry files of folders, "-" for standard input. It is
// for sending the files elsewhere, to a running server, whose summary
// then lacks what only the listing saw: skipped holds the entries of
// folders that are not read, rejected the folders that could not be
// listed, each as Run's summary has it (Run also counts such a folder
// among its files).
func Files(paths []string) (files []string, skipped, rejected []Problem, err error) {
	inputs, skipped, err := expand(paths)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, in := range inputs {
		if in.err != nil {
			// The words Run uses for an input it cannot open.
			rejected = append(rejected, Problem{File: in.name, Error: fmt.Sprintf("cannot read: %v", in.err)})
			continue
		}
		files = append(files, in.name)
	}
	return files, skipped, rejected, nil
}

func hasTelemetryExt(name string) bool {
	l := strings.ToLower(name)
	for _, e := range telemetryExt {
		if strings.HasSuffix(l, e) {
			return true
		}
	}
	return false
}

// open returns the input's content, decompressed when it is gzip (told by
// its first bytes, not its name).
func (in input) open(stdin io.Reader) (io.ReadCloser, error) {
	var rc io.ReadCloser
	switch {
	case in.err != nil:
		return nil, in.err
	case in.body != nil:
		rc = io.NopCloser(in.body)
	case in.pipe != "":
		f, err := os.Open(in.pipe)
		if err != nil {
			return nil, err
		}
		rc = f
	case in.path == "":
		rc = io.NopCloser(stdin)
	default:
		f, err := os.Open(in.path)
		if err != nil {
			return nil, err
		}
		rc = f
	}
	br := bufio.NewReaderSize(rc, 64<<10)
	magic, _ := br.Peek(2)
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			rc.Close()
			return nil, fmt.Errorf("gzip: %w", err)
		}
		return struct {
			io.Reader
			io.Closer
		}{zr, rc}, nil
	}
	return struct {
		io.Reader
		io.Closer
	}{br, rc}, nil
}
