// Package storetest is the conformance suite of store.Store: the contract
// written on the interface, as tests. Every backend runs it from its own
// tests, so that they cannot drift apart:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, openTemp, storetest.WithReopen(reopen))
//	}
//
// The suite builds its calls in Go rather than reading decoder fixtures,
// so that it tests the store alone; only the dashboard's cases load a
// generated organization through ingest, since what they check is a
// computation over many realistic calls. Their Oracle, Go's plain
// computation of every dashboard query, is exported so that a backend's
// own tests can hold each of its internal paths (facts, rollups) to it.
package storetest

import (
	"testing"

	"github.com/callscope/callscope/internal/store"
)

// OpenFunc returns a new, empty store for one test; the backend closes it
// when the test ends (t.Cleanup). Stores of parallel tests must not share
// data.
type OpenFunc func(t *testing.T) store.Store

// ReopenFunc closes s and opens the same data again, as a restart would.
type ReopenFunc func(t *testing.T, s store.Store) store.Store

// Option adds optional capabilities of a backend to the suite.
type Option func(*suite)

// WithReopen enables the tests that close a store and open it again.
// Without it they are skipped (an in-memory backend has nothing to
// reopen).
func WithReopen(reopen ReopenFunc) Option {
	return func(s *suite) { s.reopen = reopen }
}

type suite struct {
	open   OpenFunc
	reopen ReopenFunc
}

// Run runs the conformance suite against stores made by open. Each case
// gets its own store and runs in parallel with the others.
func Run(t *testing.T, open OpenFunc, opts ...Option) {
	s := &suite{open: open}
	for _, o := range opts {
		o(s)
	}
	cases := []struct {
		name string
		run  func(t *testing.T, s *suite)
	}{
		{"RoundTrip", testRoundTrip},
		{"SameCallTwiceUnchanged", testSameCallTwice},
		{"NewerVersionReplaces", testNewerReplaces},
		{"OlderVersionSkipped", testOlderSkipped},
		{"VersionsInOneBatch", testVersionsInOneBatch},
		{"EncodedLight", testEncodedLight},
		{"SameVersionMergesSessions", testSameVersionMerges},
		{"PartialMergesEitherOrder", testPartialMerges},
		{"ACSCallNewestAssemblyWins", testACSCallReplaced},
		{"ManySessions", testManySessions},
		{"RepeatedSessionIDs", testRepeatedSessionIDs},
		{"TenantScope", testTenantScope},
		{"InvalidRequests", testInvalid},
		{"ListNewestFirst", testListOrder},
		{"ListSummary", testListSummary},
		{"ListByUser", testListByUser},
		{"ListOwnVerdicts", testListOwnVerdicts},
		{"ListSince", testListSince},
		{"ListLimitOffset", testListLimitOffset},
		{"ScanVisitsEachOnce", testScanEachOnce},
		{"ScanWhileWriting", testScanWhileWriting},
		{"ScanStopsOnError", testScanStops},
		{"ACSRecordVersions", testACSRecords},
		{"ACSRecordsOfManyCalls", testACSRecordsOf},
		{"UsageRowsIdempotent", testUsageRows},
		{"ConcurrentWriters", testConcurrentWriters},
		{"ClosedStore", testClosed},
		{"ReopenKeepsData", testReopen},
		{"RewriteDerivedData", testRewrite},
		{"Tenants", testTenants},
		{"RewriteACSRecords", testRewriteACSRecords},
		{"UsageRowsScanRewrite", testUsageRowsScanRewrite},
		{"ListBefore", testListBefore},
		{"DeleteCalls", testDeleteCalls},
		{"SearchPeople", testSearchPeople},
		{"SearchPeopleTenantScope", testSearchTenantScope},
		{"Tokens", testTokens},
		{"TokenConflicts", testTokenConflicts},
		{"TokenIDsUnique", testTokenIDsUnique},
		{"TokenRevoke", testTokenRevoke},
		{"TokenTouch", testTokenTouch},
		{"AuditOrder", testAuditOrder},
		{"AuditFilters", testAuditFilters},
		{"AuditPurge", testAuditPurge},
		{"Settings", testSettings},
		{"ServeDataSurvivesReopen", testServeDataReopen},
		{"ServeDataClosedStore", testServeClosed},
		{"CallIDsVerbatim", testCallIDsVerbatim},
		{"CallIDPrefix", testCallIDPrefix},
		{"ListIssueCounts", testListIssueCounts},
		{"AuditBatch", testAuditBatch},
		{"Buildings", testBuildings},
		{"MissingSubnets", testMissingSubnets},
		{"FetchQueue", testFetchQueue},
		{"FetchMaxWait", testFetchMaxWait},
		{"FinishFetch", testFinishFetch},
		{"RetryFetch", testRetryFetch},
		{"FetchQueueSurvivesRestart", testFetchQueueSurvivesRestart},
		{"CallVersions", testCallVersions},
		{"CallCounts", testCallCounts},
		{"Dashboard", testDashboard},
		{"ScanACSRecords", testScanACSRecords},
		{"SettingsListed", testSettingsListed},
		{"ClaimFetches", testClaimFetches},
		{"LazyCall", testLazyCall},
		{"WebSessions", testWebSessions},
		{"ACSInsights", testACSInsights},
		{"ACSInsightsFollowWrites", testACSInsightsFollowWrites},
		{"ACSInsightsRefused", testACSInsightsRefused},
		{"UsageReport", testUsageReport},
		{"UsageRowsPaged", testUsageRowsPaged},
		{"UsageReportRetention", testUsageReportRetention},
		{"UsageReportInvalid", testUsageReportInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.run(t, s)
		})
	}
}
