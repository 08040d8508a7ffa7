package building_test

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/callscope/callscope/internal/building"
)

func ExampleParse() {
	file := "10.1.0.0,USA/Seattle/SEA-1-WIRED,22,SEA-1,Contoso,Office,Engineering,Seattle,98109,US,WA,NOAM,1,1,0\n" +
		"10.200.0.0,USA/Seattle/VPN,24,VPN-SEA,Contoso,VPN,Remote Access,Seattle,98109,US,WA,NOAM,1,0,1\n"
	m, err := building.Parse(strings.NewReader(file), "buildings.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, subnet := range []string{"10.1.2.0", "10.200.0.17", "192.168.1.0"} {
		b, ok := m.LookupSubnet(subnet)
		fmt.Println(subnet, ok, b.BuildingName, b.InsideCorp)
	}
	// Output:
	// 10.1.2.0 true SEA-1 true
	// 10.200.0.17 true VPN-SEA true
	// 192.168.1.0 false  false
}

// Parse reports every problem at once, each with its line and column.
func ExampleError() {
	file := "10.1.0.5,SEA,24,SEA-1,,,,,,,,,1,0,0\n" +
		"10.1.2.0,SEA,33,SEA-1,,,,,,,,,yes,0,0\n"
	_, err := building.Parse(strings.NewReader(file), "buildings.csv")
	fmt.Println(err)
	var e *building.Error
	if errors.As(err, &e) {
		fmt.Println(len(e.Problems), "problems")
	}
	// Output:
	// buildings.csv:1: NetworkIP: "10.1.0.5" has host bits set under /24: want the network address 10.1.0.0
	// buildings.csv:2: NetworkRange: "33" is not a prefix length: want 8 to 32
	// buildings.csv:2: InsideCorp: "yes" is not a boolean: want 0 or 1
	// 3 problems
}

func ExampleWrite() {
	m, _ := building.Parse(strings.NewReader("10.1.2.0,\"Seattle, HQ\",24,SEA-1,,,,,,,,,1,0,\n"), "buildings.csv")
	if err := building.Write(os.Stdout, m.All()); err != nil {
		fmt.Println(err)
	}
	// Output:
	// 10.1.2.0,"Seattle, HQ",24,SEA-1,,,,,,,,,1,0,0
}
