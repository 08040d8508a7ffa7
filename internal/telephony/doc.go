// Package telephony makes the PSTN and Direct Routing reports from the
// store's usage facts (store.UsageReports): calls, minutes and charges by
// user, number, country and call type, and each SBC's health as the
// Teams admin center's Direct Routing health dashboard shows it. It
// reads a query as people write it (Params), masks phone numbers and
// names as the caller's role may see them (access.Policy), ranks, and
// writes the answers as the API's wire types or CSV, so that the API,
// the command line and the pages say the same.
package telephony
