package access

// Permission is one thing a role may see or do. Handlers and redaction
// ask Role.Can rather than compare roles, so that Can is the only place
// that says who may do what.
type Permission string

const (
	// SeeAdvanced: Call Analytics' Advanced tab — device, CPU and driver
	// names, subnets, relay addresses and ports, user-agent headers.
	SeeAdvanced Permission = "see-advanced"
	// SeeDebug: Call Analytics' Debug tab — DNS suffix, Wi-Fi channel,
	// trace routes, raw client metrics, SDK operation logs, unknown
	// properties.
	SeeDebug Permission = "see-debug"
	// SeeAllNames: every participant's name, not only the looked-up user's.
	SeeAllNames Permission = "see-all-names"
	// ManageSettings: settings, building data, API tokens, users and roles.
	ManageSettings Permission = "manage-settings"
	// ReadAudit: the log of who looked at whose calls.
	ReadAudit Permission = "read-audit"
	// Upload: send telemetry files to a running server.
	Upload Permission = "upload"
	// SeeDashboard: the organization-wide quality dashboard — aggregates
	// by building, network, device… — and the lists of calls across
	// users: every user's calls, and the poor ones. It is the network
	// engineer's view; Tier 1 looks up one user at a time.
	SeeDashboard Permission = "see-dashboard"
)

// Can reports whether the role has the permission. Engineers see
// everything about calls but change nothing and read no audit log (the
// log watches them too); uploading telemetry changes what everyone sees,
// so it is the administrator's. An unknown role can do nothing.
func (r Role) Can(p Permission) bool {
	switch r {
	case Admin:
		return p.known()
	case Engineer:
		return p == SeeAdvanced || p == SeeDebug || p == SeeAllNames || p == SeeDashboard
	}
	return false
}

// Permissions lists every permission, for tests and for pages that show
// what a role may do.
func Permissions() []Permission {
	return []Permission{SeeAdvanced, SeeDebug, SeeAllNames, ManageSettings, ReadAudit, Upload, SeeDashboard}
}

func (p Permission) known() bool {
	for _, q := range Permissions() {
		if p == q {
			return true
		}
	}
	return false
}
