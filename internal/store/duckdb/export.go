package duckdb

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/tables"
)

// ExportFacts implements store.Store.
func (d *DB) ExportFacts(ctx context.Context, q cqd.Query, format store.ExportFormat, personal bool, w io.Writer) error {
	if err := q.Validate(); err != nil {
		return fmt.Errorf("export stream facts: %w: %w", err, store.ErrInvalid)
	}
	var cols []string
	for _, c := range tables.FactColumns {
		if personal || !c.Personal {
			cols = append(cols, "f."+c.Name)
		}
	}
	for i, s := range sides {
		cols = append(cols, s.building+".building_name AS "+s.col+"_building", endExpr(cqd.Inside, i)+" AS "+s.col+"_inside")
	}
	var a sqlArgs
	// The building file is joined whatever the filters, for the columns.
	query := "SELECT " + strings.Join(cols, ", ") + " FROM " + factsRelation.from(true) + " WHERE " + strings.Join(factsRelation.streamConditions(q, &a, false), " AND ")
	return d.export(ctx, "export stream facts of tenant "+q.Tenant, query, a, format, w)
}

// ExportAggregate implements store.Store.
func (d *DB) ExportAggregate(ctx context.Context, q cqd.Query, format store.ExportFormat, w io.Writer) error {
	if err := q.Validate(); err != nil {
		return fmt.Errorf("export aggregate: %w: %w", err, store.ErrInvalid)
	}
	inner, args := aggregateSQL(q, relationFor(q))
	var cols []string
	for i, dim := range q.GroupBy {
		cols = append(cols, fmt.Sprintf("k%d AS %s", i, strconv.Quote(string(dim))))
	}
	for i, m := range q.MeasureList() {
		cols = append(cols, fmt.Sprintf("m%d AS %s", i, strconv.Quote(string(m))))
	}
	return d.export(ctx, "export aggregate of tenant "+q.Tenant, "SELECT "+strings.Join(cols, ", ")+" FROM ("+inner+")", args, format, w)
}

// export has the engine write query's rows to a temporary file in
// format, then copies the file to w: DuckDB's writers write files, and
// a file keeps memory flat however large the export.
func (d *DB) export(ctx context.Context, what, query string, args []any, format store.ExportFormat, w io.Writer) error {
	if err := d.check(); err != nil {
		return err
	}
	var opts string
	switch format {
	case store.ExportCSV:
		opts = "(FORMAT csv, HEADER)"
	case store.ExportParquet:
		opts = "(FORMAT parquet, COMPRESSION zstd)"
	default:
		return fmt.Errorf("%s: format %q: want csv or parquet: %w", what, format, store.ErrInvalid)
	}
	dir, err := os.MkdirTemp("", "callscope-export-")
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "export."+string(format))
	// Pinned for the engine's writing only, not while a slow client
	// reads the file.
	release := d.pin()
	_, err = d.db.ExecContext(ctx, "COPY ("+query+") TO '"+strings.ReplaceAll(path, "'", "''")+"' "+opts, args...)
	release()
	if err != nil {
		return d.wrap(what, err)
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer f.Close()
	if _, err := io.Copy(w, f); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}
