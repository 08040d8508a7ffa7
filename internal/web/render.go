package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/callscope/callscope/internal/access"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFS embed.FS

// templates holds one template set per page: the layout with the page's
// content.
type templates struct {
	byPage map[string]*template.Template
}

// loadTemplates parses every page with the layout. A template that does
// not parse is a programming error found by the first test.
func loadTemplates() (*templates, error) {
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: list templates: %w", err)
	}
	t := &templates{byPage: map[string]*template.Template{}}
	for _, n := range names {
		name := strings.TrimSuffix(path.Base(n), ".html")
		if name == "layout" || strings.HasPrefix(name, "_") {
			continue
		}
		tpl, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFiles, "templates/layout.html", "templates/_*.html", n)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", name, err)
		}
		t.byPage[name] = tpl
	}
	return t, nil
}

// pageData is what every page template gets.
type pageData struct {
	Title string
	// Me is the signed-in user, nil on the sign-in and error pages of a
	// browser without a session.
	Me *me
	// Nav is what the role may use; Active the item of this page.
	Nav    []navItem
	Active string
	// CSRF is the token forms of the page carry.
	CSRF string
	Data any
}

type navItem struct {
	Key, Label, Href string
}

// navFor lists the pages the role may use, as the API's permissions say.
func navFor(m *me) []navItem {
	if m == nil {
		return nil
	}
	out := []navItem{{"users", "Users", "/users"}}
	if m.can(access.SeeDashboard) {
		out = append(out, navItem{"dashboard", "Dashboard", "/dashboard"}, navItem{"poor-calls", "Poor calls", "/poor-calls"},
			navItem{"reliability", "Reliability", "/reliability"}, navItem{"telephony", "Telephony", "/telephony"},
			navItem{"acs", "ACS insights", "/acs"})
	}
	if m.can(access.ManageSettings) {
		out = append(out, navItem{"buildings", "Buildings", "/buildings"}, navItem{"collection", "Collection", "/collection"})
	}
	return out
}

// show renders a page of a session.
func (s *Server) show(w http.ResponseWriter, r *http.Request, ss *session, name, active, title string, data any) error {
	s.render(w, r, http.StatusOK, name, s.dataFor(ss, active, title, data))
	return nil
}

func (s *Server) dataFor(ss *session, active, title string, data any) pageData {
	pd := pageData{Title: title, Active: active, Data: data}
	if ss != nil {
		m := ss.me
		pd.Me, pd.Nav, pd.CSRF = &m, navFor(&m), ss.csrf
	}
	return pd
}

// render executes a page into a buffer first, so that a template error
// becomes a clean 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, pd pageData) {
	tpl, ok := s.pages.byPage[name]
	var buf bytes.Buffer
	if !ok {
		s.log.Error("no such page template", "page", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if err := tpl.Execute(&buf, pd); err != nil {
		s.log.Error("render page", "page", name, "path", r.URL.Path, "error", err.Error())
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

type errorData struct {
	Status  int
	Heading string
	Message string
}

// errorPage shows what went wrong, with the navigation of the session
// when there is one.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, ss *session, status int, msg string) {
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "error", s.dataFor(ss, "", http.StatusText(status),
		errorData{Status: status, Heading: http.StatusText(status), Message: msg}))
}

// staticFiles serves the stylesheet and icons.
func staticFiles() http.Handler {
	files := http.FileServerFS(staticFS)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	})
}
