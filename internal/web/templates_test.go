package web

import (
	"bytes"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/model"
)

// TestListPagesRenderEmpty: the dashboard's pages render with nothing
// in them, as on a new store, instead of failing on a missing field.
func TestListPagesRenderEmpty(t *testing.T) {
	t.Parallel()
	tp, err := loadTemplates()
	if err != nil {
		t.Fatal(err)
	}
	d := dashQuery{Days: 30}
	for name, data := range map[string]any{
		"dashboard": dashPageData{Q: d, Filters: newFilterForm("/dashboard", d, nil)},
		"poorcalls": poorCallsPageData{Q: d, Filters: newFilterForm("/poor-calls", d, nil), Columns: []breakdownColumn{{}},
			Calls: []poorCallRow{newPoorCallRow(wire.PoorCallItem{ID: "c", Rating: model.RatingPoor, PoorMedia: []string{"video"}}, "/poor-calls", time.UTC)}},
		"breakdown": breakdownPageData{Q: d},
	} {
		var b bytes.Buffer
		if err := tp.byPage[name].Execute(&b, pageData{Data: data}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
