package quality

import (
	"math"
	"strconv"
	"strings"

	"github.com/callscope/callscope/internal/model"
)

const ruleEndReason = model.ACSEndReasonRule

// endIndex finds rows of the end-code tables: by code and subcode, by
// subcode alone (every subcode but 0 is unique), by code alone. The
// call-end table (§5.1) is indexed first and wins where both tables list
// a code, since it is the one written for participantEndReason.
type endIndex struct {
	pair   map[[2]int]*endCode
	bySub  map[int]*endCode
	byCode map[int]*endCode
}

var endCodes = func() endIndex {
	x := endIndex{pair: map[[2]int]*endCode{}, bySub: map[int]*endCode{}, byCode: map[int]*endCode{}}
	for _, table := range [][]endCode{callEndCodes, sdkErrorCodes} {
		for i := range table {
			r := &table[i]
			if r.sub < 0 {
				if x.byCode[r.code] == nil {
					x.byCode[r.code] = r
				}
				continue
			}
			if x.pair[[2]int{r.code, r.sub}] == nil {
				x.pair[[2]int{r.code, r.sub}] = r
			}
			if r.sub != 0 && x.bySub[r.sub] == nil {
				x.bySub[r.sub] = r
			}
		}
	}
	return x
}()

// lookup returns the row that explains code/sub, preferring the most
// specific. A subcode listed under another code still explains the end:
// subcodes are what the tables are keyed on.
func (x endIndex) lookup(code int, hasCode bool, sub int, hasSub bool) *endCode {
	if hasCode && hasSub {
		if r := x.pair[[2]int{code, sub}]; r != nil {
			return r
		}
	}
	if hasSub && sub != 0 {
		if r := x.bySub[sub]; r != nil {
			return r
		}
	}
	if hasCode {
		return x.byCode[code]
	}
	return nil
}

// endFinding judges how one participant's connection ended.
func endFinding(p *model.ACSParticipant, side string) (finding, bool) {
	if p == nil {
		return finding{}, false
	}
	codeText := strings.TrimSpace(p.EndReason.Value())
	subText := strings.TrimSpace(p.EndSubCode.Value())
	if codeText == "" && subText == "" {
		return finding{}, false
	}
	code, hasCode := parseCode(codeText)
	sub, hasSub := parseCode(subText)
	f := finding{Issue: model.Issue{
		Metric: "participantEndReason", Side: side, Rule: ruleEndReason, RuleVersion: acsVersion,
	}}
	if hasCode {
		f.Value = ptr(float64(code))
	}
	label := codeLabel(codeText, subText)
	if (codeText != "" && !hasCode) || (subText != "" && !hasSub) {
		f.Severity, f.Area = model.SeverityYellow, areaReliability
		f.Reason = "unrecognised end reason " + label
		return f, true
	}

	category := strings.TrimSpace(p.ResultCategory.Value())
	var eff effect
	var meaning, area string
	if r := endCodes.lookup(code, hasCode, sub, hasSub); r != nil {
		eff, meaning, area = r.effect, r.meaning, r.area
		if category == "" {
			category = r.category
		}
	}
	if eff == byCategory {
		eff = categoryEffect(category, code, hasCode)
		if meaning == "" {
			meaning = classMeaning(code, hasCode)
		}
	}
	text := meaning + " (" + label
	if category != "" {
		text += ", " + category
	}
	text += ")"
	switch eff {
	case none:
		return finding{}, false
	case setup:
		f.Severity, f.Area, f.rates = model.SeverityRed, areaSetup, true
		f.Reason = prefixed(model.SetupFailedPrefix, text)
	case drop:
		f.Severity, f.Area = model.SeverityRed, areaReliability
		f.Reason = prefixed(model.DroppedPrefix, text)
	case failure:
		f.Severity, f.Area = model.SeverityRed, orArea(area, areaReliability)
		f.Reason = text
	default:
		f.Severity, f.Area = model.SeverityYellow, orArea(area, areaReliability)
		f.Reason = text
	}
	return f, true
}

// categoryEffect decides a code the tables give no verdict for: the
// record's resultCategory when it has one; without it a success-class
// code is a normal end and any other a yellow, since the code alone does
// not tell a failure from an expected outcome (declined, busy, canceled).
func categoryEffect(category string, code int, hasCode bool) effect {
	switch {
	case strings.EqualFold(category, catSuccess):
		return none
	case strings.EqualFold(category, catExpected):
		return expected
	case strings.EqualFold(category, catUnexpectedClient), strings.EqualFold(category, catUnexpectedServer),
		strings.EqualFold(category, "UnxpectedClientError"):
		return setup
	case hasCode && (code == 0 || code/100 == 2):
		return none
	}
	return expected
}

// classMeaning is the generic meaning of a code by its class.
func classMeaning(code int, hasCode bool) string {
	if !hasCode {
		return "end code not reported"
	}
	switch code / 100 {
	case 0:
		if code == 0 {
			return "success"
		}
	case 1:
		return "provisional"
	case 2:
		return "success"
	case 3:
		return "redirection"
	case 4:
		return "client error"
	case 5:
		return "server error"
	case 6:
		return "global error"
	}
	return "unknown code class"
}

// parseCode reads a code written as an integer ("410", " 3101", "410.0").
func parseCode(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(s); err == nil {
		return n, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > math.MaxInt32 {
		return 0, false
	}
	return int(f), true
}

// codeLabel writes code/subcode as ACS people quote them: "410/3101".
func codeLabel(code, sub string) string {
	switch {
	case code == "":
		return "subcode " + sub
	case sub == "":
		return code
	}
	return code + "/" + sub
}

// prefixed says what happened first, unless the meaning already does.
func prefixed(prefix, text string) string {
	if strings.HasPrefix(text, prefix) {
		return text
	}
	return prefix + text
}

func orArea(a, fallback string) string {
	if a == "" {
		return fallback
	}
	return a
}
