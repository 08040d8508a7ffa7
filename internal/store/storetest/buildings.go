package storetest

import (
	"context"
	"net/netip"
	"reflect"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// hq is a building file row.
func hq(line int, prefix, name string, inside, vpn bool) model.Building {
	return model.Building{NetworkIP: netip.MustParsePrefix(prefix), NetworkName: "EMEA/" + name, BuildingName: name,
		OwnershipType: "Contoso", City: "Lisbon", ZipCode: "1000", Country: "PT", State: "LX", Region: "EMEA",
		InsideCorp: inside, VPN: vpn, Line: line}
}

// testBuildings: a building file replaces the one before whole, per
// tenant, in address order; bad files change nothing.
func testBuildings(t *testing.T, s *suite) {
	st := s.open(t)
	ctx := context.Background()
	read := func(tenant string) ([]model.Building, time.Time) {
		t.Helper()
		rows, at, err := st.Buildings(ctx, tenant)
		if err != nil {
			t.Fatalf("Buildings(%s): %v", tenant, err)
		}
		return rows, at
	}
	if rows, at := read("tenant-a"); len(rows) != 0 || !at.IsZero() {
		t.Fatalf("no file yet: %v %v", rows, at)
	}
	file := []model.Building{
		hq(2, "192.168.5.0/24", "Porto", true, false),
		hq(1, "10.1.0.0/22", "Lisbon HQ", true, false),
		hq(3, "172.16.18.0/30", "VPN", false, true),
	}
	file[1].ExpressRoute, file[1].BuildingType, file[1].BuildingOfficeType = true, "IT Termination", "Engineering"
	uploaded := t0.Add(time.Hour)
	if err := st.ReplaceBuildings(ctx, "tenant-a", file, uploaded); err != nil {
		t.Fatal(err)
	}
	rows, at := read("tenant-a")
	want := []model.Building{file[1], file[2], file[0]} // address order
	if !reflect.DeepEqual(rows, want) || !at.Equal(uploaded) {
		t.Errorf("building file = %+v at %v\nwant %+v at %v", rows, at, want, uploaded)
	}
	if rows, _ := read("tenant-b"); len(rows) != 0 {
		t.Errorf("tenant-b sees tenant-a's building file: %+v", rows)
	}

	// Not cumulative: the next file replaces the first.
	next := []model.Building{hq(1, "10.9.0.0/24", "Braga", true, false)}
	if err := st.ReplaceBuildings(ctx, "tenant-a", next, uploaded.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if rows, _ := read("tenant-a"); !reflect.DeepEqual(rows, next) {
		t.Errorf("after the second file: %+v, want %+v", rows, next)
	}

	// Bad files are refused whole.
	for what, bad := range map[string][]model.Building{
		"overlap":          {hq(1, "10.1.0.0/22", "A", true, false), hq(2, "10.1.2.0/24", "B", true, false)},
		"duplicate":        {hq(1, "10.1.0.0/24", "A", true, false), hq(2, "10.1.0.0/24", "A", true, false)},
		"same line":        {hq(1, "10.1.0.0/24", "A", true, false), hq(1, "10.2.0.0/24", "B", true, false)},
		"host bits":        {{NetworkIP: netip.MustParsePrefix("10.1.0.5/24"), Line: 1}},
		"no range":         {{Line: 1}},
		"expands too much": {hq(1, "10.0.0.0/8", "VPN", false, true)},
	} {
		wantErr(t, "ReplaceBuildings with "+what, st.ReplaceBuildings(ctx, "tenant-a", bad, uploaded), store.ErrInvalid)
	}
	wantErr(t, "ReplaceBuildings without tenant", st.ReplaceBuildings(ctx, "", next, uploaded), store.ErrInvalid)
	if rows, _ := read("tenant-a"); !reflect.DeepEqual(rows, next) {
		t.Errorf("a refused file changed the stored one: %+v", rows)
	}
	// An empty file clears.
	if err := st.ReplaceBuildings(ctx, "tenant-a", nil, uploaded); err != nil {
		t.Fatal(err)
	}
	if rows, _ := read("tenant-a"); len(rows) != 0 {
		t.Errorf("after clearing: %+v", rows)
	}
}

// testMissingSubnets: subnets of client sides of audio streams that no
// building maps, with at least MinStreams streams, in the time window.
func testMissingSubnets(t *testing.T, s *suite) {
	st := s.open(t)
	ctx := context.Background()
	// 12 audio streams from alice on 10.1.2.0 (bob's side has no
	// subnet); tenant-b's streams on the same subnet do not count for
	// tenant-a.
	put(t, st, outcomes(model.Inserted, model.Inserted, model.Inserted),
		simpleCall("tenant-a", "m1", 1, t0, 2, 4),
		simpleCall("tenant-a", "m2", 1, t0.Add(24*time.Hour), 1, 4),
		simpleCall("tenant-b", "m3", 1, t0, 1, 20),
	)
	f := func(q store.MissingSubnetQuery, want ...store.SubnetCount) {
		t.Helper()
		got, err := st.MissingSubnets(ctx, q)
		if err != nil {
			t.Fatalf("MissingSubnets(%+v): %v", q, err)
		}
		if len(got) != len(want) {
			t.Fatalf("MissingSubnets(%+v) = %+v, want %+v", q, got, want)
		}
		for i := range want {
			if got[i].Subnet != want[i].Subnet || got[i].Streams != want[i].Streams || got[i].Poor != want[i].Poor ||
				!got[i].First.Equal(want[i].First) || !got[i].Last.Equal(want[i].Last) {
				t.Errorf("MissingSubnets(%+v)[%d] = %+v, want %+v", q, i, got[i], want[i])
			}
		}
	}
	all := store.SubnetCount{Subnet: "10.1.2.0", Streams: 12, First: t0, Last: t0.Add(24 * time.Hour)}
	f(store.MissingSubnetQuery{Tenant: "tenant-a", MinStreams: 10}, all)
	f(store.MissingSubnetQuery{Tenant: "tenant-a", MinStreams: 13})
	f(store.MissingSubnetQuery{Tenant: "tenant-a", Since: t0.Add(time.Hour)},
		store.SubnetCount{Subnet: "10.1.2.0", Streams: 4, First: t0.Add(24 * time.Hour), Last: t0.Add(24 * time.Hour)})
	f(store.MissingSubnetQuery{Tenant: "tenant-a", Until: t0.Add(time.Hour)},
		store.SubnetCount{Subnet: "10.1.2.0", Streams: 8, First: t0, Last: t0})
	f(store.MissingSubnetQuery{Tenant: "tenant-b", MinStreams: 10},
		store.SubnetCount{Subnet: "10.1.2.0", Streams: 20, First: t0, Last: t0})
	f(store.MissingSubnetQuery{Tenant: "tenant-c"})

	// A building next door does not map it; a supernet holding it does.
	if err := st.ReplaceBuildings(ctx, "tenant-a", []model.Building{hq(1, "10.1.3.0/24", "Next door", true, false)}, t0); err != nil {
		t.Fatal(err)
	}
	f(store.MissingSubnetQuery{Tenant: "tenant-a", MinStreams: 10}, all)
	if err := st.ReplaceBuildings(ctx, "tenant-a", []model.Building{hq(1, "10.1.0.0/22", "HQ", true, false)}, t0); err != nil {
		t.Fatal(err)
	}
	f(store.MissingSubnetQuery{Tenant: "tenant-a"})
	f(store.MissingSubnetQuery{Tenant: "tenant-b", MinStreams: 10},
		store.SubnetCount{Subnet: "10.1.2.0", Streams: 20, First: t0, Last: t0})

	_, err := st.MissingSubnets(ctx, store.MissingSubnetQuery{})
	wantErr(t, "MissingSubnets without tenant", err, store.ErrInvalid)
}
