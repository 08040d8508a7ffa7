package graph

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/callscope/callscope/internal/model"
)

// usageTypeNames are Graph's names for the rows of each usage log, used
// in messages so that a user recognises the record.
var usageTypeNames = map[model.UsageKind]string{
	model.UsagePSTN:          "pstnCallLogRow",
	model.UsageDirectRouting: "directRoutingLogRow",
	model.UsageSMS:           "smsLogRow",
}

// DecodeUsageRow decodes one row of getPstnCalls, getDirectRoutingCalls or
// getSmsLog; kind says which, as ParseContext or Classify found it, since
// the row itself does not.
//
// A row needs an id: it is what makes storing the same page twice
// harmless. SMS rows are the exception: the docs example has none, so an
// SMS row without an id takes its smsId, which is unique per message.
// 0001-01-01T00:00:00Z (the logs' "no value") reads as null.
func DecodeUsageRow(kind model.UsageKind, raw []byte) (*model.UsageRow, error) {
	name, ok := usageTypeNames[kind]
	if !ok {
		return nil, fmt.Errorf("decode usage row: unknown usage kind %q", kind)
	}
	w := wireUsage{UsageRow: new(model.UsageRow)}
	if err := json.Unmarshal(raw, &w); err != nil {
		return nil, recordError(name, raw, asFieldError(raw, err))
	}
	r := w.UsageRow
	id, _ := w.ID.Get()
	id = strings.TrimSpace(id)
	if id == "" && kind == model.UsageSMS {
		id, _ = r.SMSID.Get()
	}
	if id == "" {
		return nil, recordError(name, raw, missingField("id", "every "+name+" has one"))
	}
	r.Kind, r.ID = kind, id

	model.CollectUnknown(raw, r)
	w.keepShadowed()
	dropNils(r)
	return r, nil
}
