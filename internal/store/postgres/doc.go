// Package postgres is callscope's store on a PostgreSQL server, for an
// organization that needs several callscope processes on one database,
// BI tools reading the data, or more than one machine (its tables are
// ready to be distributed by tenant with Citus).
//
// It keeps what the embedded store keeps, in the same tables and
// columns: calls whole as compressed canonical JSON beside the columns
// lists and filters read, their stream facts and people, the daily
// rollups (package rollup), ACS records, usage rows, and what the server
// keeps for itself. What is not the engine's (how a batch is reconciled,
// rollup arithmetic, row mappings) is shared with the embedded store
// (store.PlanPut, packages rollup and tables); this package translates
// it into SQL. All its SQL lives here.
//
// Goroutine safety: a DB may be used from many goroutines and many
// processes. Writes of calls take a transaction-level advisory lock per
// tenant, so that two writers never reconcile the same call at once;
// reads see the last committed state.
package postgres
