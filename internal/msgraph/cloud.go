package msgraph

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// Cloud names the two hosts a national cloud of Microsoft 365 uses: where
// an app signs in (the Microsoft Entra authority) and where Graph answers.
// Both are base URLs, "https://host" with no path. A token issued by one
// cloud's sign-in host is only good at the same cloud's Graph host.
type Cloud struct {
	// Name is for messages and logs only.
	Name string
	// LoginURL is the authority, e.g. https://login.microsoftonline.com.
	LoginURL string
	// GraphURL is the Graph endpoint, e.g. https://graph.microsoft.com.
	GraphURL string
}

// The national clouds Graph is deployed in. Microsoft documents call
// records for Global, US Gov L4 and US Gov L5 (DoD) only; China is here
// so that a tenant there gets Graph's own answer rather than a guess.
var (
	CloudGlobal  = Cloud{Name: "global", LoginURL: "https://login.microsoftonline.com", GraphURL: "https://graph.microsoft.com"}
	CloudUSGovL4 = Cloud{Name: "usgov-l4", LoginURL: "https://login.microsoftonline.us", GraphURL: "https://graph.microsoft.us"}
	CloudUSGovL5 = Cloud{Name: "usgov-l5-dod", LoginURL: "https://login.microsoftonline.us", GraphURL: "https://dod-graph.microsoft.us"}
	CloudChina   = Cloud{Name: "china-21vianet", LoginURL: "https://login.chinacloudapi.cn", GraphURL: "https://microsoftgraph.chinacloudapi.cn"}
)

// CloudByName returns the preset called name ("global", "usgov-l4",
// "usgov-l5-dod", "china-21vianet"), for configuration files and flags.
func CloudByName(name string) (Cloud, error) {
	for _, c := range []Cloud{CloudGlobal, CloudUSGovL4, CloudUSGovL5, CloudChina} {
		if strings.EqualFold(c.Name, strings.TrimSpace(name)) {
			return c, nil
		}
	}
	return Cloud{}, fmt.Errorf("unknown cloud %q: expected global, usgov-l4, usgov-l5-dod or china-21vianet", name)
}

// validate checks both URLs and returns them parsed. Plain http is
// accepted only for loopback hosts, where the tests' stand-ins run: a
// client secret or a bearer token must not cross a network in the clear.
func (c Cloud) validate() (login, graph *url.URL, err error) {
	if login, err = baseURL("sign-in", c.LoginURL); err != nil {
		return nil, nil, err
	}
	if graph, err = baseURL("Graph", c.GraphURL); err != nil {
		return nil, nil, err
	}
	return login, graph, nil
}

func baseURL(what, raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(strings.TrimSpace(raw), "/"))
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("the %s URL %q is not a URL like https://host: set the cloud's %s host", what, raw, what)
	}
	if u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("the %s URL %q must be only scheme and host, like https://%s", what, raw, u.Host)
	}
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && isLoopback(u.Hostname()):
	default:
		return nil, fmt.Errorf("the %s URL %q must use https (plain http is only allowed on this machine's loopback address)", what, raw)
	}
	return u, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
