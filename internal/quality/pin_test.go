package quality

import (
	"crypto/sha256"
	"fmt"
	"sort"
	"strings"
	"testing"
)

// pinned is the fingerprint of every threshold table under each rule-set
// name. Changing a threshold, an area, a band or an end-code row changes
// the fingerprint: then bump the revision it belongs to (cqdRuleSets,
// caVersion, acsRuleSet) so that Rules() changes, and pin the new name.
var pinned = map[string]string{
	"cqd-2024/ca-1/acs-1": "5b6fed8213bdbf00",
	"cqd-2021/ca-1/acs-1": "5b6fed8213bdbf00",
}

func fingerprint() string {
	var b strings.Builder
	lists := map[string][]*check{
		"audio2024": audio2024, "audio2021": audio2021, "audio2021SATIN": audio2021SATIN,
		"video": videoChain, "vbss2021": vbssChain2021, "vbssIn2024": vbssInbound24, "vbssOut2024": vbssOutbound24,
		"acsStream": acsStreamChecks, "audioYellow": audioYellow, "audioYellowSATIN": audioYellowSATIN,
		"videoYellow": videoYellow, "vbssYellow2024": vbssYellow2024, "vbssYellow2021": vbssYellow2021,
	}
	bands := map[string][]band{
		"acsAudio": acsAudioBands, "acsVideo": acsVideoBands, "acsScreen": acsScreenBands,
		"device": deviceBands, "network": networkBands,
	}
	line := func(k *check) string {
		return fmt.Sprintf("%s|%s|%s|%s|%v|%s|%s|%s", k.metric, k.label, k.unit, k.op, k.limit, k.family, k.area, k.basis)
	}
	for _, name := range sortedNames(lists) {
		for _, k := range lists[name] {
			fmt.Fprintln(&b, name, line(k))
		}
	}
	for _, name := range sortedNames(bands) {
		for _, k := range bands[name] {
			fmt.Fprintln(&b, name, k.severity, line(k.check))
		}
	}
	for _, r := range append(append([]endCode{}, callEndCodes...), sdkErrorCodes...) {
		fmt.Fprintf(&b, "%+v\n", r)
	}
	fmt.Fprintln(&b, packetFloor, wifiPoorPercent)
	return fmt.Sprintf("%x", sha256.Sum256([]byte(b.String())))[:16]
}

func sortedNames[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestRulesPinned fails when a threshold table changes under an
// unchanged rule-set name: stored verdicts would then silently differ
// from new ones with nothing to tell them apart.
func TestRulesPinned(t *testing.T) {
	t.Parallel()
	got := fingerprint()
	for _, v := range []string{cqd2024, cqd2021} {
		e, err := New(Options{CQDRules: v})
		if err != nil {
			t.Fatal(err)
		}
		want, ok := pinned[e.Rules()]
		if !ok || want != got {
			t.Errorf("rule set %s has fingerprint %s, pinned %q: bump the revision of the rules you changed and pin the new name", e.Rules(), got, want)
		}
	}
}
