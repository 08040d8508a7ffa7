package api

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/callscope/callscope/internal/ingest"
	"github.com/callscope/callscope/internal/quality"
)

// townHall is a large meeting, built as a Graph call record and stored
// through ingest: people join the conference server, some rejoin, two
// clients join without identity, and one person dials in by phone.
type townHall struct {
	id string
	// sessions is the number of sessions; people the number of people,
	// endpoints of endpoints without identity.
	sessions, people, endpoints int
	// upns, names and ids are the people's (the phone participant has
	// none of the first two: upns[i] == "" there); phone is the dialled-in
	// number, ips the callers' addresses.
	upns, names, ids []string
	phone            string
	ips              []string
	// joins[k] is who joined session k: a person's index, or -1-e for
	// endpoint e.
	joins []int
}

const (
	townHallTenant = "6c5d3a2e-7b1f-4e8a-9d0c-1f2e3a4b5c6d"
	townHallPeople = 120
	// Of them, the first townHallRejoins rejoin once, each some sessions
	// after their first.
	townHallRejoins = 108
)

var townHallStart = time.Date(2025, 3, 10, 15, 0, 0, 0, time.UTC)

// newTownHall plans a meeting of 120 people, 108 of whom rejoin, and two
// endpoints without identity: 230 sessions.
func newTownHall() *townHall {
	th := &townHall{id: "a11ab0c0-7000-4000-8000-000000000230", people: townHallPeople, endpoints: 2}
	for i := range townHallPeople {
		th.ids = append(th.ids, fmt.Sprintf("b0b0%04d-0000-4000-8000-%012d", i, i))
		th.names = append(th.names, fmt.Sprintf("Townhall Person%03d", i))
		th.upns = append(th.upns, fmt.Sprintf("person%03d@contoso.com", i))
	}
	// The last person dials in: known by their number only.
	th.phone = "+15550100123"
	last := townHallPeople - 1
	th.ids[last], th.names[last], th.upns[last] = th.phone, th.phone, ""
	// Everyone's first join in order; a rejoin twelve joins later; the
	// endpoints in between.
	for i := range townHallPeople {
		th.joins = append(th.joins, i)
		if j := i - 12; j >= 0 && j < townHallRejoins {
			th.joins = append(th.joins, j)
		}
		switch i {
		case 60:
			th.joins = append(th.joins, -1)
		case 90:
			th.joins = append(th.joins, -2)
		}
	}
	th.sessions = len(th.joins)
	for k := range th.sessions {
		th.ips = append(th.ips, fmt.Sprintf("10.77.%d.%d", k/200, k%200+10))
	}
	return th
}

// record is the meeting's Graph callRecord.
func (th *townHall) record() map[string]any {
	stamp := func(d time.Duration) string { return townHallStart.Add(d).Format(time.RFC3339Nano) }
	identity := func(i int) map[string]any {
		if i == townHallPeople-1 {
			return map[string]any{"phone": map[string]any{"id": th.phone, "displayName": th.phone}}
		}
		return map[string]any{"user": map[string]any{"id": th.ids[i], "displayName": th.names[i],
			"tenantId": townHallTenant, "userPrincipalName": th.upns[i]}}
	}
	var participants []any
	for i := range townHallPeople {
		participants = append(participants, map[string]any{"id": th.ids[i], "identity": identity(i)})
	}
	server := map[string]any{"@odata.type": "#microsoft.graph.callRecords.serviceEndpoint",
		"userAgent": map[string]any{"@odata.type": "#microsoft.graph.callRecords.serviceUserAgent",
			"role": "conferencingMediaProcessor", "headerValue": "RTCC/2025.1", "platform": "unknown", "productFamily": "unknown"}}
	var sessions []any
	for k, who := range th.joins {
		caller := map[string]any{"@odata.type": "#microsoft.graph.callRecords.participantEndpoint",
			"name": fmt.Sprintf("laptop-%03d", k),
			"userAgent": map[string]any{"@odata.type": "#microsoft.graph.callRecords.clientUserAgent",
				"headerValue": fmt.Sprintf("Teams/1.%d (Windows)", max(-who, 0)), "platform": "windows", "productFamily": "teams"}}
		if who >= 0 {
			caller["identity"] = identity(who)
		}
		start, end := time.Duration(k)*10*time.Second, time.Duration(k)*10*time.Second+30*time.Minute
		jitter := "PT0.012S"
		if k%7 == 3 {
			jitter = "PT0.095S" // poor
		}
		sessionID := fmt.Sprintf("c0c0%04d-0000-4000-8000-%012d", k, k)
		sessions = append(sessions, map[string]any{
			"id": sessionID, "modalities": []string{"audio"}, "startDateTime": stamp(start), "endDateTime": stamp(end),
			"caller": caller, "callee": server,
			"segments": []any{map[string]any{
				"id": sessionID, "startDateTime": stamp(start), "endDateTime": stamp(end), "caller": caller, "callee": server,
				"media": []any{map[string]any{
					"label":         "main-audio",
					"callerNetwork": map[string]any{"ipAddress": th.ips[k], "subnet": fmt.Sprintf("10.77.%d.0", k/200), "connectionType": "wired"},
					"callerDevice":  map[string]any{"captureDeviceName": "Headset mic", "renderDeviceName": "Headset"},
					"streams": []any{
						map[string]any{"streamId": fmt.Sprintf("%d1", k), "streamDirection": "callerToCallee", "averageJitter": jitter,
							"averagePacketLossRate": 0.001, "averageRoundTripTime": "PT0.04S", "packetUtilization": 9000},
						map[string]any{"streamId": fmt.Sprintf("%d2", k), "streamDirection": "calleeToCaller", "averageJitter": "PT0.01S",
							"averagePacketLossRate": 0.001, "averageRoundTripTime": "PT0.04S", "packetUtilization": 9000},
					},
				}},
			}},
		})
	}
	return map[string]any{
		"id": th.id, "version": 1, "type": "groupCall", "modalities": []string{"audio"},
		"startDateTime": stamp(0), "endDateTime": stamp(time.Duration(th.sessions)*10*time.Second + 30*time.Minute),
		"organizer_v2":    map[string]any{"id": th.ids[0], "identity": identity(0)},
		"participants_v2": participants,
		"sessions":        sessions,
	}
}

// storeTownHall ingests the meeting into the fixture's store for tenant,
// its record changed by edits first (which may drop sessions from the
// end).
func (f *fixture) storeTownHall(tenant string, edits ...func(record map[string]any)) *townHall {
	f.t.Helper()
	th := newTownHall()
	rec := th.record()
	for _, edit := range edits {
		edit(rec)
	}
	th.sessions = len(rec["sessions"].([]any))
	b, err := json.Marshal(rec)
	if err != nil {
		f.t.Fatal(err)
	}
	path := filepath.Join(f.t.TempDir(), "townhall.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		f.t.Fatal(err)
	}
	engine, err := quality.New(quality.Options{})
	if err != nil {
		f.t.Fatal(err)
	}
	sum, err := ingest.Run(context.Background(), f.st, []string{path}, ingest.Options{Tenant: tenant, Prepare: engine.Judge})
	if err != nil {
		f.t.Fatal(err)
	}
	if sum.Calls != 1 || sum.Sessions != th.sessions || len(sum.Rejected) > 0 {
		f.t.Fatalf("town hall stored as %d calls of %d sessions, rejected %v; want 1 of %d", sum.Calls, sum.Sessions, sum.Rejected, th.sessions)
	}
	f.clock.Set(townHallStart.Add(24 * time.Hour))
	return th
}
