package graph_test

import (
	"testing"

	"github.com/callscope/callscope/internal/graph"
	"github.com/callscope/callscope/internal/model"
)

func TestNormalize(t *testing.T) {
	t.Parallel()
	graph.Normalize(nil) // must not panic

	const link = "https://graph.microsoft.com/v1.0/$metadata#communications/callRecords('x')/sessions?$skiptoken=abc"
	c := &model.Call{
		Tenant:           "contoso",
		ID:               "  x \t",
		Sessions:         []*model.Session{nil, {ID: model.Some("s")}, nil},
		ParticipantsV2:   []*model.CallParticipant{nil},
		SessionsNextLink: link,
	}
	graph.Normalize(c)
	eq(t, "source", c.Source, model.SourceGraph)
	eq(t, "id", c.ID, "x")
	eq(t, "tenant is the observer's, left alone", c.Tenant, "contoso")
	eq(t, "null sessions dropped", len(c.Sessions), 1)
	eq(t, "null participants dropped", len(c.ParticipantsV2), 0)
	eq(t, "placeholder nextLink kept verbatim", c.SessionsNextLink, link)

	graph.Normalize(c)
	eq(t, "idempotent", len(c.Sessions), 1)
}
