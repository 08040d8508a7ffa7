package postgres

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// referenceTables are the installation's own tables, the same for every
// tenant: on Citus they become reference tables, copied to every node.
var referenceTables = []string{"api_tokens", "settings", "schema_migrations", "web_sessions"}

// TestReadyForCitus reads every migration and holds the schema to what
// distributing it by tenant needs: each table of tenant data has the
// tenant first in its primary key and in every unique index, and no
// table has a foreign key (one would span tenants, or need the
// referenced table on every node). Citus cannot be installed here; these
// are the rules create_distributed_table(table, 'tenant') enforces.
func TestReadyForCitus(t *testing.T) {
	t.Parallel()
	all, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	var sql strings.Builder
	for _, m := range all {
		sql.WriteString(stripComments(m.sql))
		sql.WriteString("\n")
	}
	schema := sql.String()

	createTable := regexp.MustCompile(`(?is)CREATE TABLE (?:IF NOT EXISTS )?(\w+) \((.*?)\n\);`)
	tables := createTable.FindAllStringSubmatch(schema, -1)
	if len(tables) < 10 {
		t.Fatalf("found %d tables in the migrations: the test reads them wrong", len(tables))
	}
	for _, m := range tables {
		name, body := m[1], m[2]
		if regexp.MustCompile(`(?i)\bREFERENCES\b|\bFOREIGN KEY\b`).MatchString(body) {
			t.Errorf("%s has a foreign key", name)
		}
		if slices.Contains(referenceTables, name) {
			continue
		}
		if !regexp.MustCompile(`(?m)^\s*tenant\s+text\s+NOT NULL`).MatchString(body) {
			t.Errorf("%s has no tenant column (NOT NULL): it cannot be distributed by tenant", name)
			continue
		}
		pk := regexp.MustCompile(`(?i)PRIMARY KEY \(([^)]*)\)`).FindStringSubmatch(body)
		if pk == nil {
			t.Errorf("%s has no primary key", name)
		} else if first := strings.TrimSpace(strings.Split(pk[1], ",")[0]); first != "tenant" {
			t.Errorf("%s: primary key (%s) does not start with the tenant", name, pk[1])
		}
		if regexp.MustCompile(`(?i)\bUNIQUE\b`).MatchString(body) {
			t.Errorf("%s: a UNIQUE column or constraint; make it a unique index that starts with the tenant", name)
		}
	}
	for _, m := range regexp.MustCompile(`(?i)CREATE UNIQUE INDEX \w+ ON (\w+) \(([^)]*)\)`).FindAllStringSubmatch(schema, -1) {
		if slices.Contains(referenceTables, m[1]) {
			continue
		}
		if first := strings.TrimSpace(strings.Split(m[2], ",")[0]); first != "tenant" {
			t.Errorf("unique index on %s (%s) does not start with the tenant", m[1], m[2])
		}
	}
	if regexp.MustCompile(`(?i)ALTER TABLE \w+ ADD (CONSTRAINT|FOREIGN)`).MatchString(schema) {
		t.Errorf("a migration adds a constraint after the fact; check it by these rules")
	}
}

// stripComments drops SQL line comments, which may quote SQL.
func stripComments(sql string) string {
	lines := strings.Split(sql, "\n")
	for i, l := range lines {
		if at := strings.Index(l, "--"); at >= 0 {
			lines[i] = l[:at]
		}
	}
	return strings.Join(lines, "\n")
}
