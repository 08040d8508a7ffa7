package main

import (
	"bytes"
	"errors"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
)

// The dashboard's engine sums in parallel, in no set order, so the last
// digit of an average may differ between two runs of the same query:
// outputs with figures are compared with that much room, and no more.

// number is a figure as the outputs print it.
var number = regexp.MustCompile(`-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?`)

// sameFigures: the two outputs are the same but for the figures, each
// pair equal to 1e-9 of its size or to one unit of its last printed
// digit (a rounding that fell the other way). Spacing is not compared,
// as a table's columns are as wide as their figures.
func sameFigures(t *testing.T, direct, remote []byte) {
	t.Helper()
	d, r := strings.Fields(string(direct)), strings.Fields(string(remote))
	if len(d) != len(r) {
		t.Errorf("%d words through the server, %d from the store:\n%s\n%s", len(r), len(d), remote, direct)
		return
	}
	for i := range d {
		if number.ReplaceAllString(d[i], "#") != number.ReplaceAllString(r[i], "#") {
			t.Errorf("word %d: %q through the server, %q from the store", i, r[i], d[i])
			return
		}
		dn, rn := number.FindAllString(d[i], -1), number.FindAllString(r[i], -1)
		for j := range dn {
			if !closeFigures(dn[j], rn[j]) {
				t.Errorf("word %d: %s through the server, %s from the store", i, rn[j], dn[j])
			}
		}
	}
}

// closeFigures reports whether two printed figures agree as sameFigures
// says.
func closeFigures(a, b string) bool {
	x, errX := strconv.ParseFloat(a, 64)
	y, errY := strconv.ParseFloat(b, 64)
	if errX != nil || errY != nil {
		return a == b
	}
	room := 1e-9 * math.Max(1, math.Abs(x))
	if _, frac, ok := strings.Cut(strings.ToLower(a), "."); ok && !strings.Contains(frac, "e") {
		room = math.Max(room, math.Pow(10, -float64(len(frac))))
	}
	return math.Abs(x-y) <= room
}

// sameParquet: the two Parquet files have the same columns and rows,
// doubles equal to 1e-9 of their size.
func sameParquet(t *testing.T, direct, remote []byte) {
	t.Helper()
	d, r := parquetRows(t, direct), parquetRows(t, remote)
	if len(d) != len(r) {
		t.Fatalf("%d rows through the server, %d from the store", len(r), len(d))
	}
	for i := range d {
		if len(d[i]) != len(r[i]) {
			t.Fatalf("row %d: %d values through the server, %d from the store", i, len(r[i]), len(d[i]))
		}
		for j := range d[i] {
			dv, rv := d[i][j], r[i][j]
			same := dv.String() == rv.String()
			if dv.Kind() == parquet.Double && rv.Kind() == parquet.Double && !dv.IsNull() && !rv.IsNull() {
				same = math.Abs(dv.Double()-rv.Double()) <= 1e-9*math.Max(1, math.Abs(dv.Double()))
			}
			if !same {
				t.Errorf("row %d, value %d: %s through the server, %s from the store", i, j, rv, dv)
			}
		}
	}
}

// parquetRows reads every row of a Parquet file, its columns checked by
// the caller through the rows' lengths and values.
func parquetRows(t *testing.T, b []byte) []parquet.Row {
	t.Helper()
	f, err := parquet.OpenFile(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a Parquet file: %v", err)
	}
	var out []parquet.Row
	for _, rg := range f.RowGroups() {
		rows := rg.Rows()
		buf := make([]parquet.Row, 64)
		for {
			n, err := rows.ReadRows(buf)
			for _, row := range buf[:n] {
				out = append(out, row.Clone())
			}
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("read Parquet rows: %v", err)
			}
		}
		rows.Close()
	}
	return out
}

func TestCloseFigures(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"0.011087344315281895", "0.011087344315281893", true}, // the last digit of a parallel sum
		{"1.63", "1.62", true},                                 // a rounding that fell the other way
		{"1.63", "1.61", false},                                // two units apart
		{"674", "675", false},                                  // counts are exact
		{"20.0", "25.0", false},                                // a wrong figure
		{"1.5e-05", "1.6e-05", false},
		{"SEA-B1", "SEA-B1", true},
	} {
		if got := closeFigures(c.a, c.b); got != c.want {
			t.Errorf("closeFigures(%s, %s) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}
