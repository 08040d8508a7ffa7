package building

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Write writes rows as a building file CQD accepts: comma-separated, no
// header, 15 columns, booleans as 0 and 1, LF line ends, in the order
// given (Map.All gives address order). It is how a user downloads the
// active file to edit it, so Parse reads back exactly what was written.
//
// Values are quoted only when they must be: when they hold a comma, a
// quote or a TAB (a TAB unquoted on the first row would make the file
// read as TSV), or start or end with white space, which Parse would trim.
// A value with a line break or invalid UTF-8 cannot be written, nor a
// range Parse would refuse: Write fails on that row, having written the
// rows before it. Overlaps and the expansion limit concern the file as a
// whole and are Parse's to check.
func Write(w io.Writer, rows []Building) error {
	bw := bufio.NewWriter(w)
	var line []byte
	for i, r := range rows {
		if msg := rangeProblem(r.NetworkIP); msg != "" {
			return fmt.Errorf("write building file: row %d: NetworkIP: %s", i+1, msg)
		}
		line = line[:0]
		values := [...]string{
			colNetworkName: r.NetworkName, colBuildingName: r.BuildingName,
			colOwnershipType: r.OwnershipType, colBuildingType: r.BuildingType,
			colBuildingOfficeType: r.BuildingOfficeType, colCity: r.City, colZipCode: r.ZipCode,
			colCountry: r.Country, colState: r.State, colRegion: r.Region,
		}
		for col := range numColumns {
			if col > 0 {
				line = append(line, ',')
			}
			switch col {
			case colNetworkIP:
				line = r.NetworkIP.Addr().AppendTo(line)
			case colNetworkRange:
				line = strconv.AppendInt(line, int64(r.NetworkIP.Bits()), 10)
			case colInsideCorp:
				line = appendBool(line, r.InsideCorp)
			case colExpressRoute:
				line = appendBool(line, r.ExpressRoute)
			case colVPN:
				line = appendBool(line, r.VPN)
			default:
				v := values[col]
				if strings.ContainsAny(v, "\r\n") || !utf8.ValidString(v) {
					return fmt.Errorf("write building file: row %d: %s: %q holds a line break or invalid UTF-8, which the file cannot carry", i+1, columns[col], v)
				}
				line = appendValue(line, v)
			}
		}
		line = append(line, '\n')
		if _, err := bw.Write(line); err != nil {
			return fmt.Errorf("write building file: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write building file: %w", err)
	}
	return nil
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, '1')
	}
	return append(b, '0')
}

// appendValue quotes v when Parse would otherwise read it differently.
func appendValue(b []byte, v string) []byte {
	if !strings.ContainsAny(v, ",\"\t") && strings.TrimSpace(v) == v {
		return append(b, v...)
	}
	b = append(b, '"')
	b = append(b, strings.ReplaceAll(v, `"`, `""`)...)
	return append(b, '"')
}
