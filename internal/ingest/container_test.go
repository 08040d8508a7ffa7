package ingest

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestReadElements(t *testing.T) {
	t.Parallel()
	type got struct {
		lines    []int
		contexts []string
		bad      []int
		failLine int
	}
	f := func(name, in string, want got) {
		t.Helper()
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var g got
			err := readElements(strings.NewReader(in), DefaultMaxRecordBytes, func(e element) error {
				if e.err != nil || e.unchecked && !json.Valid(e.raw) {
					g.bad = append(g.bad, e.line)
					return nil
				}
				g.lines = append(g.lines, e.line)
				g.contexts = append(g.contexts, e.listContext)
				return nil
			})
			var fe *fileError
			if errors.As(err, &fe) {
				g.failLine = fe.line
			} else if err != nil {
				t.Fatalf("unexpected error %v", err)
			}
			if strings.Join(itoa(g.lines), ",") != strings.Join(itoa(want.lines), ",") {
				t.Errorf("element lines = %v, want %v", g.lines, want.lines)
			}
			if strings.Join(itoa(g.bad), ",") != strings.Join(itoa(want.bad), ",") {
				t.Errorf("bad lines = %v, want %v", g.bad, want.bad)
			}
			if g.failLine != want.failLine {
				t.Errorf("file error at line %d, want %d", g.failLine, want.failLine)
			}
			if want.contexts != nil && strings.Join(g.contexts, "|") != strings.Join(want.contexts, "|") {
				t.Errorf("contexts = %q, want %q", g.contexts, want.contexts)
			}
		})
	}
	f("json lines", "{\"a\":1}\n{\"a\":2}\n\n{\"a\":3}\n", got{lines: []int{1, 2, 4}})
	f("json lines with a broken line", "{\"a\":1}\n{\"a\":\n{\"a\":3}", got{lines: []int{1, 3}, bad: []int{2}})
	f("json lines broken first line", "{\"a\":\n{\"a\":2}\n", got{lines: []int{2}, bad: []int{1}})
	f("leading blank lines", "\n\n{\"a\":1}\n", got{lines: []int{3}})
	f("pretty single object", "{\n  \"id\": \"x\",\n  \"v\": [1,2]\n}\n", got{lines: []int{1}})
	f("single line object", `{"id":"x"}`, got{lines: []int{1}})
	f("array", "[\n {\"a\":1},\n {\"a\":2}\n]", got{lines: []int{2, 3}})
	f("graph list", "{\n\"@odata.context\": \"ctx\",\n\"value\": [\n{\"id\":1},\n{\"id\":2}\n],\n\"@odata.nextLink\": \"n\"\n}", got{lines: []int{4, 5}, contexts: []string{"ctx", "ctx"}})
	f("event hubs", "{\"records\": [{\"a\":1},\n{\"a\":2}]}", got{lines: []int{1, 2}})
	f("concatenated documents", "{\n\"a\":1\n}\n{\n\"a\":2\n}", got{lines: []int{1, 4}})
	f("truncated document", "[\n{\"a\":1},\n{\"a\":", got{lines: []int{2}, failLine: 3})
	f("syntax error in array", "[\n{\"a\":1},\n{\"a\" 2}\n]", got{lines: []int{2}, failLine: 3})
	f("scalar", "42", got{failLine: 1})
	f("empty", "  \n ", got{})
	f("byte order mark", "\xEF\xBB\xBF{\"a\":1}\n", got{lines: []int{1}})
}

func itoa(v []int) []string {
	out := make([]string, len(v))
	for i, n := range v {
		out[i] = string(rune('0' + n%10))
		if n >= 10 {
			out[i] = string(rune('0'+n/10)) + out[i]
		}
	}
	return out
}
