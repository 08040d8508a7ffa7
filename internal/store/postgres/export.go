package postgres

import (
	"context"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/encoding"

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
	// The building file is joined whatever the filters, for the columns.
	build := func(a *stmtArgs) string {
		return "SELECT " + strings.Join(cols, ", ") + " FROM " + factsRelation.from(true) +
			" WHERE " + strings.Join(factsRelation.streamConditions(q, a, false), " AND ")
	}
	return d.export(ctx, "export stream facts of tenant "+q.Tenant, build, format, w)
}

// ExportAggregate implements store.Store.
func (d *DB) ExportAggregate(ctx context.Context, q cqd.Query, format store.ExportFormat, w io.Writer) error {
	if err := q.Validate(); err != nil {
		return fmt.Errorf("export aggregate: %w: %w", err, store.ErrInvalid)
	}
	build := func(a *stmtArgs) string { return aggregateSQL(q, relationFor(q), a, true) }
	return d.export(ctx, "export aggregate of tenant "+q.Tenant, build, format, w)
}

// export writes the rows of the query build writes to w in format, as
// the server gives them, so that memory does not grow with the export.
func (d *DB) export(ctx context.Context, what string, build func(*stmtArgs) string, format store.ExportFormat, w io.Writer) error {
	if err := d.check(); err != nil {
		return err
	}
	switch format {
	case store.ExportCSV:
		return d.exportCSV(ctx, what, build, w)
	case store.ExportParquet:
		return d.exportParquet(ctx, what, build, w)
	}
	return fmt.Errorf("%s: format %q: want csv or parquet: %w", what, format, store.ErrInvalid)
}

// exportCSV has the server write the CSV (COPY … TO STDOUT), which
// pgx copies to w as it arrives. COPY takes no parameters, so the
// arguments are written into the statement as literals. Times are
// written in UTC, whatever the server's or the role's time zone.
func (d *DB) exportCSV(ctx context.Context, what string, build func(*stmtArgs) string, w io.Writer) error {
	a := stmtArgs{inline: true}
	query := build(&a)
	if a.err != nil {
		return fmt.Errorf("%s: %w", what, a.err)
	}
	return d.inTx(ctx, what, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT set_config('TimeZone', 'UTC', true), set_config('DateStyle', 'ISO, YMD', true),
			set_config('extra_float_digits', '1', true)`); err != nil {
			return err
		}
		described, err := tx.Conn().PgConn().Prepare(ctx, "", query, nil)
		if err != nil {
			return err
		}
		_, err = tx.Conn().PgConn().CopyTo(ctx, w, "COPY ("+csvColumns(query, described.Fields)+") TO STDOUT WITH (FORMAT csv, HEADER)")
		return err
	})
}

// csvColumns is query with its boolean columns written true and false,
// as the embedded store writes them, rather than PostgreSQL's t and f.
func csvColumns(query string, fields []pgconn.FieldDescription) string {
	cols := make([]string, len(fields))
	cast := false
	for i, f := range fields {
		name := pgx.Identifier{f.Name}.Sanitize()
		cols[i] = "x." + name
		if f.DataTypeOID == pgtype.BoolOID {
			cols[i], cast = "CAST(x."+name+" AS text) AS "+name, true
		}
	}
	if !cast {
		return query
	}
	return "SELECT " + strings.Join(cols, ", ") + " FROM (" + query + ") x"
}

// sqlLiteral writes v, a value stmtArgs takes, as an SQL constant.
// Strings are escape strings (E'…'), which read the same whatever
// standard_conforming_strings says.
func sqlLiteral(v any) (string, error) {
	switch v := v.(type) {
	case string:
		if strings.ContainsRune(v, 0) {
			return "", fmt.Errorf("value %q holds a NUL character: %w", v, store.ErrInvalid)
		}
		return "E'" + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(v) + "'", nil
	case time.Time:
		// Truncated to the microsecond, as pgx sends a time parameter.
		return "CAST('" + v.UTC().Format("2006-01-02T15:04:05.999999Z07:00") + "' AS timestamptz)", nil
	case int:
		return strconv.Itoa(v), nil
	}
	return "", fmt.Errorf("no SQL literal for a %T", v)
}

// parquetRowGroup is the rows of a Parquet row group, which the writer
// holds in memory until it is full: DuckDB's default.
const parquetRowGroup = 122_880

// exportParquet writes the query's rows to w as a Parquet file,
// zstd-compressed as DuckDB writes it, a row group at a time as they
// are read: PostgreSQL cannot write Parquet. Column types follow the
// query's (parquetColumnOf).
func (d *DB) exportParquet(ctx context.Context, what string, build func(*stmtArgs) string, w io.Writer) error {
	var a stmtArgs
	query := build(&a)
	rows, err := d.pool.Query(ctx, query, a.vals...)
	if err != nil {
		return d.wrap(what, err)
	}
	defer rows.Close()
	fields := rows.FieldDescriptions()
	group := make(parquetGroup, len(fields))
	values := make([]func(any) parquet.Value, len(fields))
	for i, f := range fields {
		node, value, err := parquetColumnOf(f)
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		group[i], values[i] = parquetField{Node: parquet.Optional(node), name: f.Name}, value
	}
	config, err := parquet.NewWriterConfig(parquet.NewSchema("export", group),
		parquet.Compression(&parquet.Zstd), parquet.MaxRowsPerRowGroup(parquetRowGroup))
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	pw := parquet.NewWriter(w, config)
	// Rows go to the writer in batches, whose rows are reused: the
	// writer copies the values it is given.
	batch := make([]parquet.Row, 1024)
	n := 0
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return d.wrap(what, err)
		}
		row := batch[n][:0]
		for i, v := range vals {
			if v == nil {
				row = append(row, parquet.NullValue().Level(0, 0, i))
			} else {
				row = append(row, values[i](v).Level(0, 1, i))
			}
		}
		batch[n], n = row, n+1
		if n == len(batch) {
			if _, err := pw.WriteRows(batch); err != nil {
				return fmt.Errorf("%s: %w", what, err)
			}
			n = 0
		}
	}
	if err := rows.Err(); err != nil {
		return d.wrap(what, err)
	}
	if _, err := pw.WriteRows(batch[:n]); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if err := pw.Close(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// parquetColumnOf is the Parquet type of a query's column, as DuckDB
// writes its own types (text as UTF-8 strings, times as microseconds in
// UTC), and how a value pgx reads of it is written.
func parquetColumnOf(f pgconn.FieldDescription) (parquet.Node, func(any) parquet.Value, error) {
	// A value of another type than pgx reads for the column would be a
	// programming error: it is written as the type's zero rather than
	// panicking mid-export.
	switch f.DataTypeOID {
	case pgtype.TextOID, pgtype.VarcharOID, pgtype.BPCharOID, pgtype.NameOID:
		return parquet.String(), func(v any) parquet.Value {
			s, _ := v.(string)
			return parquet.ByteArrayValue([]byte(s))
		}, nil
	case pgtype.Int8OID:
		return parquet.Leaf(parquet.Int64Type), func(v any) parquet.Value {
			n, _ := v.(int64)
			return parquet.Int64Value(n)
		}, nil
	case pgtype.Int4OID:
		return parquet.Leaf(parquet.Int32Type), func(v any) parquet.Value {
			n, _ := v.(int32)
			return parquet.Int32Value(n)
		}, nil
	case pgtype.Int2OID:
		return parquet.Leaf(parquet.Int32Type), func(v any) parquet.Value {
			n, _ := v.(int16)
			return parquet.Int32Value(int32(n))
		}, nil
	case pgtype.Float8OID:
		return parquet.Leaf(parquet.DoubleType), func(v any) parquet.Value {
			x, _ := v.(float64)
			return parquet.DoubleValue(x)
		}, nil
	case pgtype.BoolOID:
		return parquet.Leaf(parquet.BooleanType), func(v any) parquet.Value {
			b, _ := v.(bool)
			return parquet.BooleanValue(b)
		}, nil
	case pgtype.TimestamptzOID:
		return parquet.Timestamp(parquet.Microsecond), func(v any) parquet.Value {
			t, _ := v.(time.Time)
			return parquet.Int64Value(t.UnixMicro())
		}, nil
	}
	return nil, nil, fmt.Errorf("column %s: type %d has no Parquet type here", f.Name, f.DataTypeOID)
}

// parquetGroup is a Parquet group whose columns keep the query's order
// (parquet.Group orders them by name).
type parquetGroup []parquetField

type parquetField struct {
	parquet.Node
	name string
}

func (f parquetField) Name() string { return f.name }

// Value is the field's value in a map of values by name; rows are
// written as parquet.Row, never through reflection.
func (f parquetField) Value(base reflect.Value) reflect.Value {
	if base.Kind() == reflect.Map {
		return base.MapIndex(reflect.ValueOf(f.name))
	}
	return reflect.Value{}
}

func (g parquetGroup) ID() int            { return 0 }
func (g parquetGroup) Type() parquet.Type { return parquet.Group{}.Type() }
func (g parquetGroup) Optional() bool     { return false }
func (g parquetGroup) Repeated() bool     { return false }
func (g parquetGroup) Required() bool     { return true }
func (g parquetGroup) Leaf() bool         { return false }

func (g parquetGroup) Encoding() encoding.Encoding { return nil }
func (g parquetGroup) Compression() compress.Codec { return nil }
func (g parquetGroup) GoType() reflect.Type        { return reflect.TypeFor[map[string]any]() }

func (g parquetGroup) Fields() []parquet.Field {
	fields := make([]parquet.Field, len(g))
	for i := range g {
		fields[i] = g[i]
	}
	return fields
}

func (g parquetGroup) String() string {
	names := make([]string, len(g))
	for i, f := range g {
		names[i] = f.name + " " + f.Node.String()
	}
	return "group {" + strings.Join(names, "; ") + "}"
}
