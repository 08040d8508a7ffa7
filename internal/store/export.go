package store

import "fmt"

// ExportFormat is the file format of an export.
type ExportFormat string

// Export formats: CSV with a header row, and Apache Parquet.
const (
	ExportCSV     ExportFormat = "csv"
	ExportParquet ExportFormat = "parquet"
)

// ParseExportFormat reads a format name.
func ParseExportFormat(s string) (ExportFormat, error) {
	switch ExportFormat(s) {
	case ExportCSV, ExportParquet:
		return ExportFormat(s), nil
	}
	return "", fmt.Errorf("export format %q: want csv or parquet: %w", s, ErrInvalid)
}

// ContentType is the format's media type.
func (f ExportFormat) ContentType() string {
	if f == ExportParquet {
		return "application/vnd.apache.parquet"
	}
	return "text/csv; charset=utf-8"
}
