package store

// FixtureACSRecords is fixtureACSRecords for the tests of package
// store_test.
var FixtureACSRecords = fixtureACSRecords
