package main

// reportCommand groups the reports administrators read beside the
// dashboard; each report is one entry of reportSubs, in the order the
// usage lists them.
func reportCommand() *command {
	return &command{name: "report", summary: "reliability, PSTN and Direct Routing, and ACS insights reports",
		about: "Prints one of the reports the web pages show beside the dashboard (Reliability, Telephony, ACS insights), " +
			"from the store or, with --server, as the token's role may see it; as a table, --json or --csv.",
		examples: []string{"callscope report reliability --days 7", "callscope report direct-routing --days 7",
			"callscope report acs --server http://127.0.0.1:8080"},
		subs: reportSubs(),
	}
}

// reportSubs lists the report subcommands.
func reportSubs() []*command {
	return []*command{reliabilityReportCommand(), pstnReportCommand(), directRoutingReportCommand(), acsReportCommand()}
}
