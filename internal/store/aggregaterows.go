package store

import "github.com/callscope/callscope/internal/cqd"

// Rows is what ScanAggregateRows reads: database/sql's rows and pgx's
// alike.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// ScanAggregateRows reads a dashboard query's rows: keys text columns,
// then measures numeric columns, each NULL as nil.
func ScanAggregateRows(rows Rows, keys, measures int) ([]cqd.Row, error) {
	var out []cqd.Row
	for rows.Next() {
		row := cqd.Row{Key: make([]*string, keys), Values: make([]*float64, measures)}
		dest := make([]any, 0, keys+measures)
		for i := range row.Key {
			dest = append(dest, &row.Key[i])
		}
		for i := range row.Values {
			dest = append(dest, &row.Values[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		out = append(out, row)
	}
	return out, rows.Err()
}
