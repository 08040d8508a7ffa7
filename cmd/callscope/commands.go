package main

import (
	"context"
)

// command is one command or subcommand: its documentation, which its
// help prints, and what runs it. A command with subcommands runs none
// itself.
type command struct {
	// name is the full name: "show", "token create".
	name string
	// args follow [flags] in the usage line.
	args     string
	summary  string
	about    string
	examples []string
	run      func(ctx context.Context, cx *cmdContext, args []string) error
	subs     []*command
}

// commands lists every command, in the order the usage lists them.
func commands() []*command {
	return []*command{
		{name: "ingest", args: "PATH…", run: runIngest,
			summary: "read telemetry files into the store",
			about: "Reads files, folders (recursively), .gz files, or - for standard input; detects the format of each file " +
				"(Graph call records, ACS Azure Monitor logs, PSTN and direct-routing logs) and stores everything as observed by " +
				"--tenant. Records that cannot be read are listed with file and line, and everything else is stored. " +
				"Exit 0: all read; 1: some input rejected, the rest stored; 2: usage or store error.",
			examples: []string{
				"callscope ingest --tenant contoso ./exports",
				"callscope ingest --json --quarantine ./bad callrecords.jsonl.gz",
				"az storage blob download … | callscope ingest -",
				"callscope ingest --server http://127.0.0.1:8080 ./exports   # while serve holds the store",
			}},
		{name: "calls", run: runCalls,
			summary: "list calls and meetings, newest first, with their ratings",
			about: "Lists a user's (or everyone's) calls and meetings, newest first, each with its rating and issue counts; " +
				"with --user, also how that user's own sessions went, since a meeting can be poor for one participant only. " +
				"USER is an object id, a UPN or a phone number (see callscope users).",
			examples: []string{
				"callscope calls --user alice@contoso.com --days 7",
				"callscope calls --json --limit 20",
			}},
		{name: "show", args: "CALL_ID", run: runShow,
			summary: "show one call with its sessions, legs, media and streams",
			about: "Shows one call with its verdicts, as ROLE sees it when looking up USER. CALL_ID may be a unique prefix of " +
				"the id; an ambiguous prefix lists the calls it matches.",
			examples: []string{
				"callscope show e523d2ed",
				"callscope show --as specialist --user owen@contoso.com e523d2ed-2966-4b6b-925b-754a88034cc5",
				"callscope show --json e523d2ed",
			}},
		{name: "users", args: "TEXT", run: runUsers,
			summary: "find people by name, UPN or phone number",
			about: "Finds the people of the tenant's calls whose name contains TEXT, or whose UPN or phone number starts with it, " +
				"as the web page's user search does; the id, UPN or phone number (or, through a server, the ref) is what " +
				"callscope calls --user takes.",
			examples: []string{
				"callscope users alice",
				"callscope users +1555",
				"callscope users --server http://127.0.0.1:8080 --json owen",
			}},
		{name: "cqd", run: runCQD,
			summary: "dashboard measures by building, network, device, time…",
			about: "Computes the Call Quality Dashboard's measures over the streams of the period, grouped by dimensions. " +
				"Tables print shares as percentages; --json, CSV and Parquet keep each measure's own unit (ratios stay ratios).",
			examples: []string{
				"callscope cqd --by building --order poorPct --limit 10",
				"callscope cqd --by month,connectionType --filter mediaType=audio",
				"callscope cqd --list",
				"callscope cqd --by building --format csv --out buildings.csv",
			}},
		{name: "poor-calls", run: runPoorCalls,
			summary: "the organization's poor calls, newest first, by the dashboard's filters",
			about:   "Lists the calls with poor streams among those the dashboard's filters select, newest first, with what made them poor.",
			examples: []string{
				"callscope poor-calls --days 7",
				"callscope poor-calls --filter building=SEA-B1 --limit 0",
			}},
		{name: "reclassify", run: runReclassify,
			summary:  "judge every stored call again with the current quality rules",
			about:    "Judges every stored call again, as after an upgrade that changed the quality rules or with --cqd-rules 2021.",
			examples: []string{"callscope reclassify", "callscope reclassify --all-tenants=false --tenant contoso --cqd-rules 2021"}},
		{name: "scrub", run: runScrub,
			summary:  "clear personal data past its retention period, delete calls past theirs",
			about:    "Clears personal data of calls older than --euii-days and deletes calls and audit entries past their periods, once; serve does the same every --scrub-every.",
			examples: []string{"callscope scrub", "callscope scrub --euii-days 14 --keep-days 365 --json"}},
		{name: "token", summary: "create, list and revoke API tokens",
			about:    "API tokens let people and programs use the HTTP API, each with a role and the tenants it may read.",
			examples: []string{"callscope token create --name desk --role specialist --tenant contoso", "callscope token list", "callscope token revoke tok_ab12cd34"},
			subs: []*command{
				{name: "token create", run: tokenCreate,
					summary: "make a new API token; its secret is the last line printed",
					about: "Makes an API token for NAME with ROLE, reading the tenants given by --tenant (repeat it, or give several " +
						"separated by commas; the first is read by a request that names none). The secret is shown only now, as the last line.",
					examples: []string{
						"callscope token create --name desk --role specialist --tenant contoso",
						"callscope token create --name msp --role engineer --tenant contoso --tenant fabrikam",
					}},
				{name: "token list", run: tokenList, summary: "list the API tokens",
					about: "Lists the API tokens, revoked ones included, without their secrets.", examples: []string{"callscope token list", "callscope token list --json"}},
				{name: "token revoke", args: "TOKEN_ID", run: tokenRevoke, summary: "revoke an API token",
					about: "Revokes a token at once; TOKEN_ID is the id callscope token list shows.", examples: []string{"callscope token revoke tok_ab12cd34"}},
			}},
		{name: "store", summary: "copy a store into another (embedded ⇄ PostgreSQL); grant-reader: reporting views for BI tools",
			about:    "Moves a store between the embedded engine and PostgreSQL, and lets BI tools read a PostgreSQL store's reporting views.",
			examples: []string{"callscope store copy --from callscope.db --to postgres://callscope@db/callscope", "callscope store grant-reader --store postgres://… --role powerbi"},
			subs: []*command{
				{name: "store copy", run: storeCopy, summary: "copy a whole store into an empty one",
					about:    "Copies a whole store into an empty one, embedded or PostgreSQL, either way, and checks that both count the same.",
					examples: []string{"callscope store copy --from callscope.db --to postgres://callscope@db:5432/callscope?sslmode=disable"}},
				{name: "store grant-reader", run: storeGrantReader, summary: "let a database role read the reporting views",
					about:    "Lets an existing PostgreSQL role read the store's reporting views (bi_*), and nothing else of it.",
					examples: []string{"callscope store grant-reader --store postgres://admin@db/callscope --role powerbi"}},
			}},
		{name: "buildings", summary: "import or export the CQD building file; list subnets it misses",
			about:    "The building file maps subnets to buildings, as CQD's does, so that the dashboard can group by building.",
			examples: []string{"callscope buildings import buildings.csv", "callscope buildings export > buildings.csv", "callscope buildings missing --days 7"},
			subs: []*command{
				{name: "buildings import", args: "FILE", run: buildingsImport, summary: "make a CQD building file the tenant's",
					about: "Checks a CQD building file (CSV or TSV, no header, 15 columns) and makes it the tenant's active one. " +
						"A file with problems is refused whole, each problem with its line, with exit 1; the active file stays.",
					examples: []string{"callscope buildings import --tenant contoso buildings.csv"}},
				{name: "buildings export", run: buildingsExport, summary: "print the active building file",
					about:    "Prints the tenant's active building file in CQD's format, to edit and import again.",
					examples: []string{"callscope buildings export > buildings.csv"}},
				{name: "buildings missing", run: buildingsMissing, summary: "list the subnets the building file misses",
					about:    "Lists subnets with audio streams that the building file does not map, as CQD's missing-subnet report does.",
					examples: []string{"callscope buildings missing --days 7 --min-streams 10"}},
			}},
		reportCommand(),
		{name: "serve", run: runServe,
			summary: "serve the HTTP API and web pages (--demo: with generated data)",
			about: "Serves the HTTP API and the web pages, and runs retention, Graph collection and ACS export reading in the " +
				"background. --demo fills an empty store with generated data first and prints a token per role.",
			examples: []string{"callscope serve --demo", "callscope serve --addr :8443 --tls-acme --public-url https://calls.contoso.com"}},
		{name: "sync", run: runSync,
			summary:  "read the last days' call records from Microsoft Graph (a backfill)",
			about:    "Reads the call records of the last days from Microsoft Graph, with an app registration allowed CallRecords.Read.All. Exit 1 when records were put off by failures.",
			examples: []string{"CALLSCOPE_GRAPH_CLIENT_SECRET=… callscope sync --graph-tenant-id contoso.onmicrosoft.com --graph-client-id 00000000-… --days 7"}},
		{name: "bench", summary: "bench cqd | ingest: time the dashboard's queries, or ingest, on generated data",
			about:    "Benchmarks on generated, realistic data; the last line of each is ratio=.",
			examples: []string{"callscope bench ingest --bytes 100000000", "callscope bench cqd --streams 1000000"},
			subs: []*command{
				{name: "bench cqd", run: benchCQD, summary: "time the dashboard's queries against hand-written SQL",
					about:    "Loads generated stream facts and times the dashboard's queries through callscope against hand-written SQL on the same engine; the last line is ratio=.",
					examples: []string{"callscope bench cqd --streams 1000000", "callscope bench cqd --store postgres://… --streams 100000"}},
				{name: "bench ingest", run: benchIngest, summary: "time ingest against a plain JSON decode",
					about:    "Ingests generated data into a fresh store and prints MB/s, records/s and peak RSS; the last line is ratio= (callscope's MB/s over a one-core encoding/json decode of the same bytes).",
					examples: []string{"callscope bench ingest --bytes 100000000", "callscope bench ingest --format acs"}},
			}},
		{name: "gen", run: runGen,
			summary:  "write realistic synthetic telemetry for demos and benchmarks",
			about:    "Writes a generated organization's telemetry (Graph call records, ACS logs, a building file), the same for the same seed and flags.",
			examples: []string{"callscope gen --out ./demo", "callscope gen --seed 7 --users 2000 --days 30 --format graph --out ./big"}},
	}
}

// findCommand returns the command of a full name, nil when none.
func findCommand(name string) *command {
	var find func(cs []*command) *command
	find = func(cs []*command) *command {
		for _, c := range cs {
			if c.name == name {
				return c
			}
			if f := find(c.subs); f != nil {
				return f
			}
		}
		return nil
	}
	return find(commands())
}
