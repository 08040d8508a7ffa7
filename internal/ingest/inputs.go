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
	path string    // "" for standard input and streams
	body io.Reader // a stream's content; nil for files and standard input
	// lines says body is JSON lines continuing after line firstLine
	// (AddLines), so the format is not detected from its first lines.
	lines     bool
	firstLine int
}

// telemetryExt lists the file names a folder walk picks up; files named
// explicitly are always read.
var telemetryExt = []string{".json", ".jsonl", ".ndjson", ".gz", ".txt"}

// expand turns the command-line paths into inputs: files as given,
// folders walked recursively in lexical order, "-" for standard input.
// Files a folder holds that are not telemetry are listed in skipped.
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
		if !info.IsDir() {
			inputs = append(inputs, input{name: p, path: p})
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return fmt.Errorf("input %s: %w", path, err)
			}
			if d.IsDir() {
				if path != p && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() || strings.HasPrefix(d.Name(), ".") {
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
		if err != nil {
			return nil, nil, err
		}
	}
	return inputs, skipped, nil
}

// Files lists what Run would read of paths, in the same order: files as
// given, the telemetry files of folders, "-" for standard input; the
// files of folders that are not telemetry are in skipped. It is for
// sending the files elsewhere, to a running server.
func Files(paths []string) (files []string, skipped []Problem, err error) {
	inputs, skipped, err := expand(paths)
	if err != nil {
		return nil, nil, err
	}
	files = make([]string, len(inputs))
	for i, in := range inputs {
		files[i] = in.name
	}
	return files, skipped, nil
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
	case in.body != nil:
		rc = io.NopCloser(in.body)
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
