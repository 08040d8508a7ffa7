package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// userMatch is one person found by a user search, as the caller's role
// may see them; see the package documentation for what a specialist
// sees.
type userMatch struct {
	// Ref opens the person's calls (GET /api/v1/users/{ref}/calls) and
	// looks them up in call views (?user={ref}), for every role.
	Ref         string `json:"ref"`
	DisplayName string `json:"displayName"`
	ID          string `json:"id,omitempty"`
	UPN         string `json:"userPrincipalName,omitempty"`
	// UPNDomain is the domain of the UPN, which tells apart two people
	// of one name without naming either.
	UPNDomain string     `json:"upnDomain,omitempty"`
	Phone     string     `json:"phone,omitempty"`
	TenantID  string     `json:"tenantId,omitempty"`
	Organizer bool       `json:"organizer,omitempty"`
	Calls     int        `json:"calls"`
	LastCall  *time.Time `json:"lastCall,omitempty"`
}

type usersResponse struct {
	Query   string      `json:"query"`
	Matches []userMatch `json:"matches"`
}

// Search limits: a specialist types more before names are listed, so
// that two letters cannot list the directory.
const (
	searchMinChars           = 2
	searchMinCharsSpecialist = 3
	searchMaxChars           = 256
	searchDefaultLimit       = 20
	searchMaxLimit           = 50
)

// searchUsers is GET /api/v1/users?q=: people of the tenant's calls whose
// name contains q, whose UPN or phone number starts with it.
func (s *Server) searchUsers(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	query := r.URL.Query()
	text, err := param(query, "q")
	if err != nil {
		return err
	}
	minChars := searchMinChars
	if !rc.principal.Role.Can(access.SeeAllNames) {
		minChars = searchMinCharsSpecialist
	}
	switch n := utf8.RuneCountInString(text); {
	case n < minChars:
		return badParam("q", "give at least %d characters of a name, UPN or phone number", minChars)
	case n > searchMaxChars:
		return badParam("q", "longer than %d characters", searchMaxChars)
	}
	limit, err := intParam(query, "limit", searchDefaultLimit, 1, searchMaxLimit)
	if err != nil {
		return err
	}
	found, err := s.cfg.Store.SearchPeople(r.Context(), store.PeopleQuery{Tenant: rc.tenant, Text: text, Limit: limit})
	if err != nil {
		return err
	}
	resp := usersResponse{Query: s.cfg.Policy.MaskText(text), Matches: make([]userMatch, 0, len(found))}
	for _, m := range found {
		um, err := s.seeMatch(rc, m)
		if err != nil {
			return err
		}
		resp.Matches = append(resp.Matches, um)
	}
	if err := s.recordAudit(r, rc, actionSearchUsers, "", "q="+s.cfg.Policy.MaskText(text)+"; matches="+strconv.Itoa(len(found))); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, resp, withheldMarked)
}

// seeMatch redacts one match. Each match is a candidate for the user the
// caller is looking up, so it is redacted as the looked-up user
// (access.Policy.RedactPerson with the person's own key): name kept,
// phone masked, and for Tier 1 object id and UPN removed.
func (s *Server) seeMatch(rc *reqCtx, m store.PersonMatch) (userMatch, error) {
	key := personKey(m.Person)
	ref, err := s.refs.seal(rc.tenant, key)
	if err != nil {
		return userMatch{}, err
	}
	p := s.cfg.Policy.RedactPerson(m.Person, rc.principal.Role, key, false)
	um := userMatch{
		Ref: ref, DisplayName: p.DisplayName, ID: p.ID, UPN: p.UPN, Phone: p.Phone,
		TenantID: m.TenantID, Organizer: m.Organizer, Calls: m.Calls,
	}
	if _, domain, ok := strings.Cut(m.UPN, "@"); ok && !strings.ContainsAny(domain, "@ ") {
		um.UPNDomain = strings.ToLower(domain)
	}
	if !m.LastCall.IsZero() {
		t := m.LastCall
		um.LastCall = &t
	}
	return um, nil
}

// personKey is what finds a person's calls: object id, else UPN, else
// phone number, as the store tells people apart.
func personKey(p model.Person) string {
	switch {
	case p.ID != "":
		return p.ID
	case p.UPN != "":
		return p.UPN
	}
	return p.Phone
}
