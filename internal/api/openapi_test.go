package api

import (
	"encoding/json"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

// TestOpenAPIMatchesRoutes: every route is in the OpenAPI document and
// every operation of the document is a route; path parameters match;
// the document served is the one in the repository.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	t.Parallel()
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi = %q, want 3.x", doc.OpenAPI)
	}
	f := newFixture(t)
	var routes, documented []string
	for _, rt := range f.srv.routes {
		routes = append(routes, rt.method+" "+rt.path)
	}
	methods := map[string]bool{"get": true, "post": true, "put": true, "patch": true, "delete": true, "head": true, "options": true}
	params := regexp.MustCompile(`\{[^}]+\}`)
	for path, ops := range doc.Paths {
		for m, op := range ops {
			if !methods[m] {
				continue
			}
			documented = append(documented, strings.ToUpper(m)+" "+path)
			// Each path parameter is declared.
			for _, p := range params.FindAllString(path, -1) {
				name := strings.Trim(p, "{}")
				if !strings.Contains(string(op), `"name": "`+name+`"`) && !strings.Contains(string(op), `"#/components/parameters/`) {
					t.Errorf("%s %s does not declare parameter %s", m, path, name)
				}
			}
		}
	}
	sort.Strings(routes)
	sort.Strings(documented)
	if !slices.Equal(routes, documented) {
		t.Errorf("routes and OpenAPI operations differ:\nroutes     %q\ndocumented %q", routes, documented)
	}
	r := f.get("/api/v1/openapi.json", "specialist")
	if r.status != 200 || r.body != string(openAPIDoc) {
		t.Errorf("GET /api/v1/openapi.json: %d, body differs from openapi.json", r.status)
	}
	if !strings.Contains(string(openAPIDoc), "Withheld\\\": true") {
		t.Error("the document does not describe the withheld representation")
	}
}

// TestOpenAPICallPaging: the document gives the call views' page sizes
// as the server has them.
func TestOpenAPICallPaging(t *testing.T) {
	t.Parallel()
	type param struct {
		Name   string `json:"name"`
		Schema struct {
			Default, Maximum any
		} `json:"schema"`
	}
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []param `json:"parameters"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string][2]int{
		"/api/v1/calls/{id}":              {sessionsDefaultLimit, sessionsMaxLimit},
		"/api/v1/calls/{id}/verdicts":     {sessionsDefaultLimit, sessionsMaxLimit},
		"/api/v1/calls/{id}/record":       {sessionsDefaultLimit, sessionsMaxLimit},
		"/api/v1/calls/{id}/participants": {participantsDefaultLimit, participantsMaxLimit},
		"/api/v1/calls/{id}/timeline":     {participantsDefaultLimit, participantsMaxLimit},
	} {
		var names []string
		for _, p := range doc.Paths[path]["get"].Parameters {
			names = append(names, p.Name)
			if p.Name == "limit" && (p.Schema.Default != float64(want[0]) || p.Schema.Maximum != float64(want[1])) {
				t.Errorf("%s: limit default %v, maximum %v; the server has %d, %d", path, p.Schema.Default, p.Schema.Maximum, want[0], want[1])
			}
		}
		if !slices.Contains(names, "limit") || !slices.Contains(names, "cursor") {
			t.Errorf("%s: parameters %v lack limit or cursor", path, names)
		}
	}
}
