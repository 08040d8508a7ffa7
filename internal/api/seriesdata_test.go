package api

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/ingest"
	"github.com/callscope/callscope/internal/quality"
)

// seriesMeeting is a synthetic ACS group call whose clients sent media
// statistics time series, shaped as the log documents them: per
// participant an audio stream each way and the video of one other
// participant received, every metric one record per 10-s interval.
// The participants in poor have a rough patch on their received audio
// (jitter 45 ms, 8 packets lost a second): from interval roughFrom to
// roughTo, minute 10 to 15 when both are zero.
type seriesMeeting struct {
	id                 string
	start              time.Time
	people             int
	minutes            int
	poor               map[int]bool
	roughFrom, roughTo int
}

func (m seriesMeeting) participantID(i int) string {
	return fmt.Sprintf("%08x-5e71-4c2b-9a00-%012d", i+1, i+1)
}

func (m seriesMeeting) identifier(i int) string {
	return fmt.Sprintf("8:acs:61fddbe3-0003-4066-97bc-6aaf143bbb84_0000%04d-aaaa-bbbb-cccc-%012d", i+1, i+1)
}

// rough reports whether interval k (from the start) of participant i's
// received audio is in its rough patch.
func (m seriesMeeting) rough(i, k int) bool {
	from, to := m.roughFrom, m.roughTo
	if from == 0 && to == 0 {
		from, to = 60, 90
	}
	return m.poor[i] && k >= from && k < to
}

// files writes the meeting's summaries and time series as NDJSON files
// under dir, one per category, and returns their paths.
func (m seriesMeeting) files(t testing.TB, dir string) []string {
	t.Helper()
	var summaries, stats strings.Builder
	stamp := func(d time.Duration) string { return m.start.Add(d).UTC().Format("2006-01-02T15:04:05.000Z") }
	secs := m.minutes * 60
	write := func(b *strings.Builder, v any) {
		line, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	for i := range m.people {
		write(&summaries, map[string]any{
			"time": stamp(time.Duration(secs+600) * time.Second), "resourceId": "/SUBSCRIPTIONS/X/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.COMMUNICATION/COMMUNICATIONSERVICES/ACS-TEST",
			"correlationId": m.id, "operationName": "CallSummary", "operationVersion": "1.0", "category": "CallSummary",
			"properties": map[string]any{
				"identifier": m.identifier(i), "callStartTime": stamp(0), "callDuration": secs, "callType": "Group",
				"participantId": m.participantID(i), "participantStartTime": stamp(time.Duration(i) * time.Second),
				"participantDuration": secs - i, "participantEndReason": "0", "endpointId": fmt.Sprintf("ep-%04d", i),
				"endpointType": "VoIP", "sdkVersion": "1.30.1.1", "osVersion": "Windows 10.0.22631 Arch: x64",
			},
		})
	}
	metric := func(i, k int, name, dir, media, codec, remote string, avg float64) {
		row := map[string]any{
			"OperationName": "CallClientMediaStatsTimeSeries", "CallId": m.id,
			"CallClientTimeStamp": stamp(time.Duration(k*10)*time.Second + 66*time.Millisecond),
			"MetricName":          name, "Count": "10", "Sum": fmt.Sprint(avg * 10), "Average": fmt.Sprint(avg),
			"Minimum": fmt.Sprint(avg * 0.8), "Maximum": fmt.Sprint(avg * 1.3),
			"MediaStreamDirection": dir, "MediaStreamType": media, "MediaStreamCodec": codec,
			"ParticipantId": m.participantID(i), "ClientInstanceId": fmt.Sprintf("client-%04d", i),
			"AggregationIntervalSeconds": "10", "Type": "ACSCallClientMediaStatsTimeSeries",
		}
		if remote != "" {
			row["RemoteParticipantId"] = remote
		}
		write(&stats, map[string]any{"properties": row})
	}
	for i := range m.people {
		remote := m.participantID((i + 1) % m.people)
		for k := range m.minutes * 6 {
			metric(i, k, "JitterInMs", "send", "audio", "OPUS", "", float64(8+i%5))
			metric(i, k, "PacketsPerSecond", "send", "audio", "OPUS", "", 50)
			metric(i, k, "PacketsLostPerSecond", "send", "audio", "OPUS", "", 0.5)
			metric(i, k, "RttInMs", "send", "audio", "OPUS", "", float64(80+10*(i%4)))
			metric(i, k, "Bitrate", "send", "audio", "OPUS", "", 36000)
			jitter, lost := 12.0, 0.2
			if m.rough(i, k) {
				jitter, lost = 45, 8
			}
			metric(i, k, "JitterInMs", "recv", "audio", "OPUS", "", jitter)
			metric(i, k, "PacketsPerSecond", "recv", "audio", "OPUS", "", 50)
			metric(i, k, "PacketsLostPerSecond", "recv", "audio", "OPUS", "", lost)
			metric(i, k, "Bitrate", "recv", "audio", "OPUS", "", 30000)
			metric(i, k, "Bitrate", "recv", "video", "H264", remote, 1_200_000)
			metric(i, k, "PacketsPerSecond", "recv", "video", "H264", remote, 120)
			metric(i, k, "PacketsLostPerSecond", "recv", "video", "H264", remote, 1)
		}
	}
	var paths []string
	for name, b := range map[string]string{"CallSummary.ndjson": summaries.String(), "CallClientMediaStatsTimeSeries.ndjson": stats.String()} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(b), 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

// seriesRecords counts the meeting's media statistics records.
func (m seriesMeeting) seriesRecords() int { return m.people * m.minutes * 6 * 12 }

// ingestPaths stores the files under tenant, judged, and fails the test
// on anything rejected.
func (f *fixture) ingestPaths(tenant string, paths ...string) *ingest.Summary {
	f.t.Helper()
	engine, err := quality.New(quality.Options{})
	if err != nil {
		f.t.Fatal(err)
	}
	sum, err := ingest.Run(context.Background(), f.st, paths, ingest.Options{Tenant: tenant, Prepare: engine.Judge})
	if err != nil {
		f.t.Fatal(err)
	}
	if len(sum.Rejected) > 0 {
		f.t.Fatalf("rejected: %v", sum.Rejected)
	}
	return sum
}
