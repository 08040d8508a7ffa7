package building

import "github.com/callscope/callscope/internal/model"

// Limits CQD puts on a building file, and the one this package puts on
// its error.
const (
	// MaxExpandedRows is how many expanded rows CQD accepts per file;
	// a file that expands to more is rejected whole.
	MaxExpandedRows = 1_000_000
	// MaxProblems bounds the problems an *Error lists; the rest are only
	// counted, so that a file of garbage does not give a million lines.
	MaxProblems = 100
)

// Column positions, in file order.
const (
	colNetworkIP = iota
	colNetworkName
	colNetworkRange
	colBuildingName
	colOwnershipType
	colBuildingType
	colBuildingOfficeType
	colCity
	colZipCode
	colCountry
	colState
	colRegion
	colInsideCorp
	colExpressRoute
	colVPN
	numColumns
)

var columns = [numColumns]string{
	"NetworkIP", "NetworkName", "NetworkRange", "BuildingName", "OwnershipType",
	"BuildingType", "BuildingOfficeType", "City", "ZipCode", "Country", "State",
	"Region", "InsideCorp", "ExpressRoute", "VPN",
}

// Columns returns the names of the 15 columns in file order, as CQD names
// them and as Problem.Field gives them. The file itself has no header.
func Columns() []string { return append([]string(nil), columns[:]...) }

// Building is one row of the building file: a network and the building it
// belongs to. It is model.Building, the type the store keeps and the API
// serves, so that a parsed file flows on without copying; the alias keeps
// this package's API readable on its own. Parse fills Line; Write ignores
// it.
type Building = model.Building
