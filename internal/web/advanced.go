package web

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// advancedSession is one session of the Advanced tab: what each side ran
// on and through, as the API's advanced section has it, each value that
// a yellow or red issue points at marked with it.
type advancedSession struct {
	Index  int
	Title  string
	Rating string
	Tables []kvTable
}

// kvTable is one object of the API's answer as rows of name and value.
type kvTable struct {
	Title string
	Rows  []kvRow
}

type kvRow struct {
	Label, Value string
	Finding      *finding
}

type advancedJSON struct {
	Sessions []struct {
		Index    int            `json:"index"`
		Caller   map[string]any `json:"caller"`
		Callee   map[string]any `json:"callee"`
		Segments []struct {
			Index  int            `json:"index"`
			Caller map[string]any `json:"caller"`
			Callee map[string]any `json:"callee"`
			Media  []struct {
				Label         string         `json:"label"`
				CallerNetwork map[string]any `json:"callerNetwork"`
				CalleeNetwork map[string]any `json:"calleeNetwork"`
				CallerDevice  map[string]any `json:"callerDevice"`
				CalleeDevice  map[string]any `json:"calleeDevice"`
			} `json:"media"`
		} `json:"segments"`
	} `json:"sessions"`
}

// advancedPanels lays out the advanced section; o gives the sessions'
// names and issues.
func advancedPanels(raw json.RawMessage, o *overviewView) ([]advancedSession, error) {
	var a advancedJSON
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, fmt.Errorf("decode advanced section: %w", err)
	}
	byIndex := map[int]sessionView{}
	for _, s := range o.Sessions {
		byIndex[s.Index] = s
	}
	var out []advancedSession
	for _, s := range a.Sessions {
		sv := byIndex[s.Index]
		f := sessionFindings(sv)
		as := advancedSession{Index: s.Index, Rating: sv.Rating,
			Title: fmt.Sprintf("Session %d: %s → %s", s.Index+1, sv.Caller.Name(), sv.Callee.Name())}
		as.Tables = append(as.Tables, kvOf("Caller endpoint", s.Caller, nil), kvOf("Callee endpoint", s.Callee, nil))
		for _, g := range s.Segments {
			if !reflect.DeepEqual(g.Caller, s.Caller) {
				as.Tables = append(as.Tables, kvOf(fmt.Sprintf("Segment %d caller endpoint", g.Index+1), g.Caller, nil))
			}
			if !reflect.DeepEqual(g.Callee, s.Callee) {
				as.Tables = append(as.Tables, kvOf(fmt.Sprintf("Segment %d callee endpoint", g.Index+1), g.Callee, nil))
			}
			caller, callee := f.side[sideKey("caller", g.Index)], f.side[sideKey("callee", g.Index)]
			for _, m := range g.Media {
				label := m.Label
				if label == "" {
					label = "media"
				}
				where := fmt.Sprintf("Segment %d, %s: ", g.Index+1, label)
				as.Tables = append(as.Tables,
					kvOf(where+"caller network", m.CallerNetwork, caller), kvOf(where+"callee network", m.CalleeNetwork, callee),
					kvOf(where+"caller devices", m.CallerDevice, caller), kvOf(where+"callee devices", m.CalleeDevice, callee))
			}
		}
		// Drop the sides the record says nothing of.
		kept := as.Tables[:0]
		for _, t := range as.Tables {
			if len(t.Rows) > 0 {
				kept = append(kept, t)
			}
		}
		as.Tables = kept
		out = append(out, as)
	}
	return out, nil
}

// kvOf flattens one object of the answer into rows, nested objects as
// "outer · inner"; a withheld member shows as withheld. marks are the
// findings on the side's metrics.
func kvOf(title string, obj map[string]any, marks map[string]*finding) kvTable {
	t := kvTable{Title: title}
	var walk func(prefix string, o map[string]any)
	walk = func(prefix string, o map[string]any) {
		keys := make([]string, 0, len(o))
		for k := range o {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			v := o[k]
			name := k
			if base, ok := strings.CutSuffix(k, "Withheld"); ok && v == true {
				name, v = base, nil
			}
			label := prefix + humanize(name)
			if sub, ok := v.(map[string]any); ok {
				walk(label+" · ", sub)
				continue
			}
			row := kvRow{Label: label, Value: formatValue(v, kindOf(name))}
			if fd := marks[name]; fd != nil && prefix == "" {
				row.Finding = fd
			}
			t.Rows = append(t.Rows, row)
		}
	}
	if obj != nil {
		walk("", obj)
	}
	return t
}
