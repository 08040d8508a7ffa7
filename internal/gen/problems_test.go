package gen

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/model"
)

// The planted problems must stand out in what the dashboard computes:
// poor % of streams by building, subnet and access point, drops by access
// point, poor sessions by device, setup failures by client build. The
// data set is small on purpose: a demo's first screen has to show them.
func TestPlantedProblemsStandOut(t *testing.T) {
	t.Parallel()
	st, _, _, dir := ingested(t, Options{Seed: 2, Users: 40, Days: 5, End: testEnd})
	rows := readBuildingFile(t, filepath.Join(dir, "buildings.csv"))

	byBuilding, bySubnet, byBSSID := tally{}, tally{}, tally{}
	drops, byDevice, setupByVersion, setupBySDK := tally{}, tally{}, tally{}, tally{}
	scan(t, st, func(c *model.Call) {
		for _, f := range model.Facts(c) {
			if f.Quality == model.QualityUnclassified {
				continue
			}
			poor := f.Quality == model.QualityPoor
			for _, side := range clientSides(f) {
				byBuilding.add(buildingOf(rows, side.Subnet), poor)
				bySubnet.add(side.Subnet, poor)
				byBSSID.add(side.BSSID, poor)
			}
		}
		for _, s := range c.Sessions {
			sessionFacts(s, drops, byDevice, setupByVersion, setupBySDK)
		}
	})

	f := func(name string, tl tally, key string, minRatio float64) {
		t.Helper()
		in, out, nIn, nOut := tl.split(func(k string) bool { return k == key })
		t.Logf("%-28s %-36s %5.1f%% of %4d, the rest %5.1f%% of %5d", name, key, in, nIn, out, nOut)
		if nIn == 0 {
			t.Errorf("%s: nothing for %s", name, key)
			return
		}
		if in < minRatio*out || in < out+15 {
			t.Errorf("%s: %s at %.1f%% does not stand out from the rest at %.1f%%", name, key, in, out)
		}
	}
	f("poor streams by building", byBuilding, PoorWifiBuilding, 3)
	f("poor streams by subnet", bySubnet, BadSwitchSubnet, 3)
	f("poor streams by BSSID", byBSSID, DroppingBSSID, 2.5)
	f("dropped sessions by BSSID", drops, DroppingBSSID, 4)
	f("poor sessions by device", byDevice, FaultyCaptureDevice, 3)
	f("failed setups by version", setupByVersion, FailingClientVersion, 4)
	f("failed setups by SDK", setupBySDK, FailingSDKVersion, 4)
}

// sessionFacts adds one session to the per-session tallies: drops by the
// BSSIDs it used, its rating by the capture devices of its clients, setup
// failures by Teams build (failureInfo) and by ACS SDK (end codes).
func sessionFacts(s *model.Session, drops, byDevice, byVersion, bySDK tally) {
	dropped := s.FailureInfo != nil && s.FailureInfo.Stage.Value() == model.FailureStageMidcall
	setup := s.FailureInfo != nil && s.FailureInfo.Stage.Value() == model.FailureStageCallSetup
	bssids, devices := map[string]bool{}, map[string]bool{}
	for _, g := range s.Segments {
		for _, m := range g.Media {
			for _, n := range []*model.NetworkInfo{m.CallerNetwork, m.CalleeNetwork} {
				if n != nil && n.BSSID.Value() != "" {
					bssids[n.BSSID.Value()] = true
				}
			}
			for _, d := range []*model.DeviceInfo{m.CallerDevice, m.CalleeDevice} {
				if d != nil && d.CaptureDeviceName.Value() != "" {
					devices[d.CaptureDeviceName.Value()] = true
				}
			}
		}
	}
	for b := range bssids {
		drops.add(b, dropped)
	}
	for d := range devices {
		byDevice.add(d, s.Rating == model.RatingPoor)
	}
	for _, e := range []*model.Endpoint{s.Caller, s.Callee} {
		if e.Kind() == model.EndpointParticipant && e.UserAgent != nil && s.ACS == nil {
			byVersion.add(e.UserAgent.ApplicationVersion.Value(), setup)
		}
	}
	// In a P2P call the end codes say whose connection failed to set up
	// (acs-logs §5.1 and §5.2: 3100, 3111, 3112, 301004, 4502, 4506, 4507
	// on a connection that carried no media).
	streams := 0
	for _, g := range s.Segments {
		for _, m := range g.Media {
			streams += len(m.Streams)
		}
	}
	for _, p := range []*model.ACSParticipant{s.ACS, s.CalleeACS} {
		if p != nil && !strings.EqualFold(p.SDKVersion.Value(), "Redacted") {
			bySDK.add(p.SDKVersion.Value(), streams == 0 && setupSubCodes[p.EndSubCode.Value()])
		}
	}
}

// setupSubCodes are the subcodes of connections that failed to set up.
var setupSubCodes = map[string]bool{"3100": true, "3111": true, "3112": true, "301004": true, "4502": true, "4506": true, "4507": true}
