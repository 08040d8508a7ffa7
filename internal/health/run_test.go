package health

import (
	"context"
	"errors"
	"log/slog"
	"maps"
	"strings"
	"testing"
	"time"
)

// settings is a store.SettingStore in memory; fail, when set, fails
// every write.
type settings struct {
	m    map[string]string
	fail error
}

func (s *settings) Setting(_ context.Context, k string) (string, bool, error) {
	v, ok := s.m[k]
	return v, ok, nil
}

func (s *settings) SetSetting(_ context.Context, k, v string) error {
	if s.fail != nil {
		return s.fail
	}
	if s.m == nil {
		s.m = map[string]string{}
	}
	s.m[k] = v
	return nil
}

func (s *settings) DeleteSetting(_ context.Context, k string) error {
	delete(s.m, k)
	return nil
}

func (s *settings) Settings(context.Context) (map[string]string, error) { return maps.Clone(s.m), nil }

var t0 = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

func TestRecordRun(t *testing.T) {
	t.Parallel()
	boom := errors.New("graph unreachable")
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	all := func(string) bool { return true }
	cases := []struct {
		name     string
		ctx      context.Context
		runs     []error
		failSave error
		want     []Job
		wantLog  string
	}{
		{name: "success", ctx: context.Background(), runs: []error{nil},
			want: []Job{{Tenant: "contoso", Name: "graph.sweep", LastAttempt: t0, LastSuccess: t0}}},
		{name: "failures count until a success", ctx: context.Background(), runs: []error{nil, boom, boom},
			want: []Job{{Tenant: "contoso", Name: "graph.sweep", LastAttempt: t0, LastSuccess: t0, LastError: boom.Error(), Failures: 2}}},
		{name: "a success clears the failures", ctx: context.Background(), runs: []error{boom, nil},
			want: []Job{{Tenant: "contoso", Name: "graph.sweep", LastAttempt: t0, LastSuccess: t0}}},
		{name: "a run cut short by stopping is not one", ctx: cancelled, runs: []error{context.Canceled},
			want: []Job{}},
		{name: "a store refusing the note is logged", ctx: context.Background(), runs: []error{nil}, failSave: errors.New("disk full"),
			want: []Job{}, wantLog: "disk full"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			st := &settings{fail: tc.failSave}
			var log strings.Builder
			logger := slog.New(slog.NewTextHandler(&log, nil))
			for _, err := range tc.runs {
				RecordRun(tc.ctx, st, "contoso", "graph.sweep", err, t0, logger)
			}
			got := Jobs(st.m, all)
			if len(got) != len(tc.want) {
				t.Fatalf("jobs %+v, want %+v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("job %+v, want %+v", got[i], tc.want[i])
				}
			}
			if tc.wantLog == "" && log.Len() > 0 || !strings.Contains(log.String(), tc.wantLog) {
				t.Errorf("log %q, want one with %q", log.String(), tc.wantLog)
			}
		})
	}
}
