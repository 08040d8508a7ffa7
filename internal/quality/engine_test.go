package quality_test

import (
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/quality"
)

func TestNew(t *testing.T) {
	t.Parallel()
	f := func(version, rules, err string) {
		t.Helper()
		e, got := quality.New(quality.Options{CQDRules: version})
		switch {
		case err != "":
			if got == nil || !strings.Contains(got.Error(), err) || e != nil {
				t.Fatalf("New(%q): %v, want an error saying %q", version, got, err)
			}
		case got != nil:
			t.Fatalf("New(%q): %v", version, got)
		case e.Rules() != rules:
			t.Fatalf("New(%q).Rules() = %q, want %q", version, e.Rules(), rules)
		}
	}
	f("", "cqd-2024/ca-1/acs-1", "")
	f("2024", "cqd-2024/ca-1/acs-1", "")
	f("2021", "cqd-2021/ca-1/acs-1", "")
	f("2019", "", `unknown CQD rules "2019": choose "2024" (the default) or "2021"`)
	f("latest", "", `"2024"`)
	f(" 2024", "", "unknown CQD rules")
}

// allInputs is every call of the golden inputs, freshly decoded.
func allInputs(t testing.TB) []namedCall {
	t.Helper()
	var all []namedCall
	all = append(all, graphCalls(t, filepath.Join(examplesDir, "graph", "*.json"))...)
	all = append(all, graphCalls(t, filepath.Join("testdata", "records", "*.json"))...)
	all = append(all, acsCalls(t, filepath.Join(examplesDir, "acs", "*.ndjson"))...)
	all = append(all, acsCalls(t, filepath.Join("testdata", "acs", "*.ndjson"))...)
	return all
}

// TestJudgeIdempotent judges every input twice, and once after the other
// rule version had judged it: the result must be the same each time, so
// that stored calls can be judged again by newer rules.
func TestJudgeIdempotent(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"2024", "2021"} {
		other := map[string]string{"2024": "2021", "2021": "2024"}[v]
		fresh, agains := allInputs(t), allInputs(t)
		for i, nc := range allInputs(t) {
			once := fresh[i].call
			engine(t, v).Judge(once)
			twice := nc.call
			engine(t, v).Judge(twice)
			engine(t, v).Judge(twice)
			again := agains[i].call
			engine(t, other).Judge(again)
			engine(t, v).Judge(again)
			want := jsonOf(t, once)
			if got := jsonOf(t, twice); got != want {
				t.Errorf("%s %s: judging twice changed the call", v, nc.name)
			}
			if got := jsonOf(t, again); got != want {
				t.Errorf("%s %s: judging after %s differs from judging afresh", v, nc.name, other)
			}
		}
	}
}

// TestJudgeKeepsData checks that judging writes verdicts and nothing else.
func TestJudgeKeepsData(t *testing.T) {
	t.Parallel()
	judged := allInputs(t)
	for i, nc := range allInputs(t) {
		before := jsonOf(t, nc.call)
		c := judged[i].call
		engine(t, "2024").Judge(c)
		c.Rules = ""
		for _, s := range c.Sessions {
			if s == nil {
				continue
			}
			s.Rating, s.Issues = "", nil
			for _, g := range s.Segments {
				for _, m := range g.Media {
					for _, st := range m.Streams {
						st.Quality, st.Reasons = "", nil
					}
				}
			}
		}
		if got := jsonOf(t, c); got != before {
			t.Errorf("%s: judging changed more than the verdicts", nc.name)
		}
	}
}

// TestJudgeIncomplete feeds calls full of holes: nothing may panic, and
// what can be judged is.
func TestJudgeIncomplete(t *testing.T) {
	t.Parallel()
	e := engine(t, "2024")
	e.Judge(nil)
	calls := []*model.Call{
		{},
		{Sessions: []*model.Session{nil}},
		{Sessions: []*model.Session{{}}},
		{Sessions: []*model.Session{{Segments: []*model.Segment{nil, {}}}}},
		{Sessions: []*model.Session{{Segments: []*model.Segment{{Media: []*model.Media{nil, {}, {Streams: []*model.Stream{nil, {}}}}}}}}},
		{Source: model.SourceACS, Sessions: []*model.Session{{ACS: &model.ACSParticipant{}, CalleeACS: &model.ACSParticipant{},
			Segments: []*model.Segment{{Media: []*model.Media{{Label: model.Some("main-video"), Streams: []*model.Stream{{ACS: &model.ACSStream{}}}}}}}}}},
		{Sessions: []*model.Session{{FailureInfo: &model.FailureInfo{}, Caller: &model.Endpoint{}, Callee: &model.Endpoint{UserAgent: &model.UserAgent{}},
			Segments: []*model.Segment{{FailureInfo: &model.FailureInfo{}, Media: []*model.Media{{
				Label:        model.Some("main-audio"),
				CallerDevice: &model.DeviceInfo{}, CalleeNetwork: &model.NetworkInfo{},
				Streams: []*model.Stream{{StreamDirection: model.Some(model.StreamDirection("sideways"))}},
			}}}}}}},
	}
	for i, c := range calls {
		e.Judge(c)
		if c.Rules != e.Rules() {
			t.Errorf("call %d: rules %q", i, c.Rules)
		}
		for _, s := range c.Sessions {
			if s != nil && s.Rating != model.RatingUnavailable {
				t.Errorf("call %d: a session without data is %s", i, s.Rating)
			}
		}
	}
	if q, r := e.ClassifyStream(model.MediaAudio, nil); q != model.QualityUnclassified || len(r) != 1 {
		t.Errorf("nil stream: %s %v", q, r)
	}
}

// TestJudgeConcurrent judges calls from many goroutines with one engine;
// run with -race.
func TestJudgeConcurrent(t *testing.T) {
	t.Parallel()
	e := engine(t, "2024")
	inputs := allInputs(t)
	var wg sync.WaitGroup
	for _, nc := range inputs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e.Judge(nc.call)
		}()
	}
	wg.Wait()
	fresh := allInputs(t)
	for i, nc := range inputs {
		want := fresh[i].call
		e.Judge(want)
		if jsonOf(t, nc.call) != jsonOf(t, want) {
			t.Errorf("%s: concurrent judging differs", nc.name)
		}
	}
}

// TestClassifyStreamPure checks that ClassifyStream leaves the stream alone.
func TestClassifyStreamPure(t *testing.T) {
	t.Parallel()
	s := &model.Stream{PacketUtilization: i64(900), AverageJitter: ms(45)}
	before := jsonOf(t, s)
	q, r := engine(t, "2024").ClassifyStream(model.MediaAudio, s)
	if q != model.QualityPoor || len(r) != 1 || jsonOf(t, s) != before {
		t.Fatalf("quality %s reasons %v, stream %s", q, r, jsonOf(t, s))
	}
}
