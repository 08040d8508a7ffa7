// Package cqd is the vocabulary of callscope's Call Quality Dashboard:
// the dimensions streams are grouped and filtered by, the measures
// computed over them, and the query that combines both. The store
// computes queries (store.Store.Aggregate); this package only says what
// they mean, so that the API, the command line and every backend agree.
//
// # Whose network
//
// A stream has two ends. Dimensions of the stream itself (time, media
// type, call type) have one value per stream. Dimensions of an end
// (building, subnet, Wi-Fi, device…) describe the stream's client ends:
// Microsoft's servers are not the organization's network, so in a
// meeting a stream is described by the client it connects, and in a
// peer-to-peer call by both clients. A stream between two buildings
// therefore counts in both — CQD's "First Building OR Second Building"
// — and once where both ends share the value. Only a stream between two
// servers is described by its caller end. Totals of a query grouped by
// end dimensions can thus exceed the number of streams; totals of any
// other query are exact.
//
// # Building data
//
// Building, city, country, region, network name, inside/outside,
// ExpressRoute and VPN come from the tenant's building file, joined by
// subnet as CQD joins it (model.Building.Subnets); an end whose subnet
// the file does not map is Outside, with no building.
//
// # Percentiles
//
// Percentiles are estimated from histograms (Layout), so that a rollup
// can hold them summed in advance: to within one bucket of the exact
// value, and the same over any window.
package cqd
