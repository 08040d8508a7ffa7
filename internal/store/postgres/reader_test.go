package postgres

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/callscope/callscope/internal/ingest"
	"github.com/callscope/callscope/internal/store/tables"
)

// TestReaderRole: a role given the reader's grants reads the reporting
// views, and PostgreSQL refuses it every table, every personal column
// and every write.
func TestReaderRole(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := openTemp(t).(*DB)
	if _, err := ingest.Run(ctx, d, []string{"../../../examples"}, ingest.Options{Tenant: "contoso"}); err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(d.dsn)
	if err != nil {
		t.Fatal(err)
	}
	role := "reader_" + strings.TrimPrefix(u.Path, "/")
	if _, err := d.pool.Exec(ctx, `CREATE ROLE `+pgx.Identifier{role}.Sanitize()+` LOGIN`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// The role owns nothing; its grants go with the database.
		d.pool.Exec(context.Background(), `DROP OWNED BY `+pgx.Identifier{role}.Sanitize())
	})
	for range 2 { // granting again changes nothing
		if err := d.GrantReader(ctx, role); err != nil {
			t.Fatal(err)
		}
	}
	u.User = url.User(role)
	conn, err := pgx.Connect(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)

	var n int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM bi_stream_facts WHERE tenant = 'contoso'`).Scan(&n); err != nil || n == 0 {
		t.Fatalf("the reader reads %d stream facts: %v", n, err)
	}
	for _, v := range readerViews {
		if _, err := conn.Exec(ctx, `SELECT * FROM `+v+` LIMIT 1`); err != nil {
			t.Errorf("the reader cannot read %s: %v", v, err)
		}
	}
	refused := func(sql, code string) {
		t.Helper()
		_, err := conn.Exec(ctx, sql)
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != code {
			t.Errorf("%s: %v, want SQLSTATE %s", sql, err, code)
		}
	}
	const denied, noColumn = "42501", "42703"
	for _, table := range []string{"calls", "stream_facts", "call_people", "acs_records", "usage_rows", "audit_log", "api_tokens", "settings", "stream_rollup"} {
		refused(`SELECT count(*) FROM `+table, denied)
	}
	refused(`SELECT caller_user_id FROM stream_facts`, denied)
	refused(`INSERT INTO settings (key, value, updated_at) VALUES ('x', 'y', now())`, denied)
	refused(`DELETE FROM bi_calls`, denied)

	// No view has a column the model marks personal, and every view is
	// one the reader is granted.
	var personal []string
	for _, c := range tables.FactColumns {
		if c.Personal {
			personal = append(personal, c.Name)
			refused(`SELECT `+c.Name+` FROM bi_stream_facts`, noColumn)
		}
	}
	rows, err := d.pool.Query(ctx, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name LIKE 'bi\_%'`)
	if err != nil {
		t.Fatal(err)
	}
	views := map[string]bool{}
	for rows.Next() {
		var view, col string
		if err := rows.Scan(&view, &col); err != nil {
			t.Fatal(err)
		}
		views[view] = true
		if slices.Contains(personal, col) || slices.Contains([]string{"detail", "display_name", "upn", "phone", "person_id"}, col) {
			t.Errorf("view %s has personal column %s", view, col)
		}
	}
	rows.Close()
	for v := range views {
		if !slices.Contains(readerViews, v) {
			t.Errorf("view %s is not granted to readers", v)
		}
	}
	if len(views) != len(readerViews) {
		t.Errorf("views %v, want %v", views, readerViews)
	}
}
