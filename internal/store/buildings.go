package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/callscope/callscope/internal/model"
)

// BuildingStore keeps each tenant's building file: CQD's map from the
// subnets call records name to buildings, cities, countries and regions,
// inside or outside the corporate network. Call records are never
// changed by it; the map is applied when streams are read, so that a new
// file re-maps the whole history, as CQD's re-processing does.
type BuildingStore interface {
	// ReplaceBuildings makes rows the tenant's building file, replacing
	// the one before whole in one transaction: as in CQD, one file is
	// active and files are not cumulative. No rows clears the file. The
	// rows must be checked (package building): ranges that overlap, or a
	// file that expands to more than a million subnets
	// (model.Building.ExpandedRows), are an error wrapping ErrInvalid and
	// nothing changes.
	ReplaceBuildings(ctx context.Context, tenant string, rows []model.Building, uploaded time.Time) error

	// Buildings returns the tenant's building file, rows in address
	// order, and when it was uploaded (zero when there is none).
	Buildings(ctx context.Context, tenant string) ([]model.Building, time.Time, error)

	// MissingSubnets is CQD's missing-subnet report: the subnets that the
	// clients of the tenant's audio streams used (one count per stream
	// per client side; servers are not the organization's network) in
	// calls that started in [q.Since, q.Until), with at least
	// q.MinStreams streams, that the building file does not map. Most
	// streams first, then by subnet. Streams without a subnet do not
	// count.
	MissingSubnets(ctx context.Context, q MissingSubnetQuery) ([]SubnetCount, error)
}

// MissingSubnetQuery selects the streams of the missing-subnet report.
type MissingSubnetQuery struct {
	// Tenant is required.
	Tenant string
	// Since and Until bound the calls' start; zero leaves that end open.
	Since, Until time.Time
	// MinStreams is the fewest audio streams a subnet needs to be
	// listed; CQD's report uses 10. Zero or less lists every subnet.
	MinStreams int
	// Limit caps the subnets listed (0: no cap).
	Limit int
}

// DefaultMissingSubnetStreams is the CQD report's threshold: subnets with
// fewer audio streams are not worth a building row.
const DefaultMissingSubnetStreams = 10

// SubnetCount is one subnet of the missing-subnet report.
type SubnetCount struct {
	Subnet string
	// Streams counts audio streams from client sides on the subnet, Poor
	// those of them classified poor.
	Streams, Poor int
	// First and Last are the first and last call start seen on it.
	First, Last time.Time
}

// MaxExpandedSubnets is CQD's limit on a building file's expansion.
const MaxExpandedSubnets = 1_000_000

// CheckBuildings returns a building file's rows in address order after
// checking what a store relies on: valid ranges, distinct lines, no
// overlaps (each subnet maps to one building) and CQD's expansion limit.
// The building package reports these with every line; a store checks
// again to keep its keys whatever the caller.
func CheckBuildings(rows []model.Building) ([]model.Building, error) {
	sorted := slices.Clone(rows)
	slices.SortFunc(sorted, func(a, b model.Building) int {
		if c := a.NetworkIP.Addr().Compare(b.NetworkIP.Addr()); c != 0 {
			return c
		}
		return a.NetworkIP.Bits() - b.NetworkIP.Bits()
	})
	var total uint64
	lines := make(map[int]bool, len(sorted))
	for i, b := range sorted {
		if !b.NetworkIP.IsValid() || b.NetworkIP != b.NetworkIP.Masked() {
			return nil, fmt.Errorf("line %d: %q is not a network range: %w", b.Line, b.NetworkIP, ErrInvalid)
		}
		if lines[b.Line] {
			return nil, fmt.Errorf("line %d given twice: %w", b.Line, ErrInvalid)
		}
		lines[b.Line] = true
		if i > 0 && sorted[i-1].NetworkIP.Overlaps(b.NetworkIP) {
			return nil, fmt.Errorf("line %d (%s) overlaps line %d (%s): %w",
				b.Line, b.NetworkIP, sorted[i-1].Line, sorted[i-1].NetworkIP, ErrInvalid)
		}
		if total += min(b.ExpandedRows(), MaxExpandedSubnets+1); total > MaxExpandedSubnets {
			return nil, fmt.Errorf("the file expands to more than %d subnets: %w", MaxExpandedSubnets, ErrInvalid)
		}
	}
	return sorted, nil
}
