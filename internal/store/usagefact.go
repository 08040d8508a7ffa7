package store

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/model"
)

// UsageFact is what the usage reports read of one PSTN or direct-routing
// row, typed, as a backend stores it beside the row. nil is unknown.
// The backfill of each backend's migration computes the same from rows
// stored before the facts existed; a test of each backend holds the two
// to one answer.
type UsageFact struct {
	Kind, ID string
	// Start is the row's start to the microsecond; Day its UTC date.
	Start *time.Time
	Day   *time.Time
	// UserKey is the user's object id, else their UPN, in lower case.
	UserKey, UserPrincipalName, UserName *string
	// Number is the organization's end (UsageDimNumber), normalized
	// (NormalizeNumber).
	Number   *string
	Country  *string
	CallType *string
	// Trunk is the SBC's FQDN in lower case.
	Trunk      *string
	Successful *bool
	SIPCode    *int64
	SubReason  *int64
	SIPPhrase  *string
	Duration   *int64
	Charge     *float64
	// ConnectionCharge is the connection fee, apart from Charge.
	ConnectionCharge *float64
	Currency         *string
	// CallRef is the id of the call record the row belongs to: its
	// correlationId, else its callId.
	CallRef *string
}

// UsageFactOf is the fact of a row stored under key; false for a row that
// is not a call (SMS).
func UsageFactOf(key string, r *model.UsageRow) (UsageFact, bool) {
	if r.Kind != model.UsagePSTN && r.Kind != model.UsageDirectRouting {
		return UsageFact{}, false
	}
	f := UsageFact{Kind: string(r.Kind), ID: key}
	if t, ok := r.StartDateTime.Get(); ok {
		t = t.Truncate(time.Microsecond)
		day := t.UTC().Truncate(24 * time.Hour)
		f.Start, f.Day = &t, &day
	}
	f.UserPrincipalName = text(r.UserPrincipalName)
	f.UserName = text(r.UserDisplayName)
	// Object ids and UPNs are case-insensitive: the key is in lower
	// case, so that a filter on a user compares it as stored.
	if key := text(r.UserID); key != nil {
		lower := strings.ToLower(*key)
		f.UserKey = &lower
	} else if f.UserPrincipalName != nil {
		lower := strings.ToLower(*f.UserPrincipalName)
		f.UserKey = &lower
	}
	f.CallType = text(r.CallType)
	number := r.CallerNumber
	if f.CallType != nil && Inbound(*f.CallType) {
		number = r.CalleeNumber
	}
	if n := NormalizeNumber(number.Value()); n != "" {
		f.Number = &n
	}
	if f.Country = text(r.UsageCountryCode); f.Country == nil {
		f.Country = text(r.UserCountryCode)
	}
	if f.Trunk = text(r.TrunkFQDN); f.Trunk != nil {
		lower := strings.ToLower(*f.Trunk)
		f.Trunk = &lower
	}
	f.Successful = r.SuccessfulCall.Ptr()
	f.SIPCode = r.FinalSIPCode.Ptr()
	f.SubReason = r.CallEndSubReason.Ptr()
	f.SIPPhrase = text(r.FinalSIPCodePhrase)
	f.Duration = r.Duration.Ptr()
	f.Charge = r.Charge.Ptr()
	f.ConnectionCharge = r.ConnectionCharge.Ptr()
	f.Currency = text(r.Currency)
	if f.CallRef = text(r.CorrelationID); f.CallRef == nil {
		f.CallRef = text(r.CallID)
	}
	return f, true
}

// Charged reports whether the row was charged (in ChargeCurrency).
func (f UsageFact) Charged() bool { return f.Charge != nil || f.ConnectionCharge != nil }

// ChargeCurrency is the currency of a charged row's charges, "" when it
// names none.
func (f UsageFact) ChargeCurrency() string {
	if f.Currency == nil {
		return ""
	}
	return *f.Currency
}

// UsageCurrencies are the currencies facts were charged in, each once,
// for a backend to remember with them (its usage_currencies table).
func UsageCurrencies(facts []UsageFact) []string {
	var out []string
	for _, f := range facts {
		if f.Charged() && !slices.Contains(out, f.ChargeCurrency()) {
			out = append(out, f.ChargeCurrency())
		}
	}
	return out
}

// text is a string value, nil when absent, null or empty.
func text(o model.Opt[string]) *string {
	if v, ok := o.Get(); ok && v != "" {
		return &v
	}
	return nil
}

// Inbound reports whether a call type is a call into the organization
// (user_in, conf_in, ByotIn…): Graph's call types end in "in" or "out"
// (ByotOutUserForwarding goes out).
func Inbound(callType string) bool {
	return strings.HasSuffix(strings.ToLower(callType), "in")
}

// NormalizeNumber keeps what identifies a phone number: its digits, the
// '*' of masked digits, and a '+' before them, so that "+1 (555)
// 282-3123", "tel:+15552823123" and "+15552823123" are one number.
func NormalizeNumber(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9' || r == '*':
			b.WriteRune(r)
		case r == '+' && b.Len() == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// MaskNumber masks the last n digits of a normalized number, every one
// when it has no more, as access.MaskPhone masks what NormalizeNumber
// keeps; a '*' counts as a digit masked already.
func MaskNumber(number string, n int) string {
	if n <= 0 {
		return number
	}
	body := strings.TrimPrefix(number, "+")
	lead := number[:len(number)-len(body)]
	if len(body) <= n {
		return lead + strings.Repeat("*", len(body))
	}
	return lead + body[:len(body)-n] + strings.Repeat("*", n)
}

// NumberPattern is a number filter value as a SQL LIKE pattern over
// normalized numbers: a '*' (a masked digit) matches any one character.
// Normalized numbers hold no '%' or '_', so nothing else is special.
func NumberPattern(v string) string {
	return strings.ReplaceAll(NormalizeNumber(v), "*", "_")
}

// NumberMatches reports whether a normalized number matches a filter
// value as NumberPattern does.
func NumberMatches(number, value string) bool {
	p := NormalizeNumber(value)
	if len(p) != len(number) {
		return false
	}
	for i := range len(p) {
		if p[i] != '*' && p[i] != number[i] {
			return false
		}
	}
	return true
}

// UserCausedSIPCodes are final SIP codes by which the called party, not
// the network, ended an attempt: busy (486, 600), no answer or
// unavailable (480), cancelled while ringing (487) and declined (603).
// The Network Effectiveness Ratio (ITU-T E.425), which the Teams admin
// center's Direct Routing health dashboard shows, counts them as
// delivered.
var UserCausedSIPCodes = []int64{480, 486, 487, 600, 603}

// UsageTotals adds up usage rows. Every field is a sum, so that totals of
// groups add up to the totals of their union (Add); rates and averages
// are worked out from them.
type UsageTotals struct {
	// Calls counts the rows.
	Calls int64
	// Attempts counts the rows that say whether the call was
	// established (direct routing), Successful those that were, and
	// Delivered those that were or that the called party ended
	// (UserCausedSIPCodes).
	Attempts, Successful, Delivered int64
	// Seconds is the duration of every row.
	Seconds int64
	// Connected counts the rows of calls that took place (not failed
	// attempts) with a duration, ConnectedSeconds their duration: what
	// the average call duration is of.
	Connected, ConnectedSeconds int64
	// Charges are by currency, ordered by it; rows with a charge but no
	// currency are under "".
	Charges []UsageCharge
}

// UsageCharge is what calls cost in one currency.
type UsageCharge struct {
	Currency         string
	Charge           float64
	ConnectionCharge float64
}

// Add adds o to t.
func (t *UsageTotals) Add(o UsageTotals) {
	t.Calls += o.Calls
	t.Attempts += o.Attempts
	t.Successful += o.Successful
	t.Delivered += o.Delivered
	t.Seconds += o.Seconds
	t.Connected += o.Connected
	t.ConnectedSeconds += o.ConnectedSeconds
	for _, c := range o.Charges {
		t.AddCharge(c)
	}
}

// AddCharge adds charges in one currency, keeping Charges ordered.
func (t *UsageTotals) AddCharge(c UsageCharge) {
	i, found := slices.BinarySearchFunc(t.Charges, c.Currency, func(x UsageCharge, cur string) int { return strings.Compare(x.Currency, cur) })
	if !found {
		t.Charges = slices.Insert(t.Charges, i, UsageCharge{Currency: c.Currency})
	}
	t.Charges[i].Charge += c.Charge
	t.Charges[i].ConnectionCharge += c.ConnectionCharge
}

// AddFact adds one row's fact, as a backend's query adds them up.
func (t *UsageTotals) AddFact(f UsageFact) {
	t.Calls++
	if f.Successful != nil {
		t.Attempts++
		if *f.Successful {
			t.Successful++
		}
		if *f.Successful || f.SIPCode != nil && slices.Contains(UserCausedSIPCodes, *f.SIPCode) {
			t.Delivered++
		}
	}
	if f.Duration != nil {
		t.Seconds += *f.Duration
		if f.Successful == nil || *f.Successful {
			t.Connected++
			t.ConnectedSeconds += *f.Duration
		}
	}
	if f.Charge != nil || f.ConnectionCharge != nil {
		c := UsageCharge{}
		if f.Currency != nil {
			c.Currency = *f.Currency
		}
		if f.Charge != nil {
			c.Charge = *f.Charge
		}
		if f.ConnectionCharge != nil {
			c.ConnectionCharge = *f.ConnectionCharge
		}
		t.AddCharge(c)
	}
}

// Rank is the value groups are ranked by for an order; false when there
// is none (a rate without attempts). Rates are plain quotients, as the
// backends' SQL divides, so that every backend ranks alike.
func (t UsageTotals) Rank(o UsageOrder) (float64, bool) {
	div := func(n, of int64) (float64, bool) {
		if of == 0 {
			return 0, false
		}
		return float64(n) / float64(of), true
	}
	switch o {
	case UsageOrderCalls:
		return float64(t.Calls), true
	case UsageOrderMinutes:
		return float64(t.Seconds), true
	case UsageOrderAttempts:
		return float64(t.Attempts), true
	case UsageOrderSuccessful:
		return float64(t.Successful), true
	case UsageOrderSuccessRate:
		return div(t.Successful, t.Attempts)
	case UsageOrderNER:
		return div(t.Delivered, t.Attempts)
	case UsageOrderAverage:
		return div(t.ConnectedSeconds, t.Connected)
	}
	return 0, false
}

// SuccessRate is the share of attempts established, in percent; false
// without attempts.
func (t UsageTotals) SuccessRate() (float64, bool) { return usagePct(t.Successful, t.Attempts) }

// NER is the Network Effectiveness Ratio in percent: the share of
// attempts delivered to the called party; false without attempts.
func (t UsageTotals) NER() (float64, bool) { return usagePct(t.Delivered, t.Attempts) }

// AverageSeconds is the average duration of the calls that took place;
// false without any.
func (t UsageTotals) AverageSeconds() (float64, bool) {
	if t.Connected == 0 {
		return 0, false
	}
	return float64(t.ConnectedSeconds) / float64(t.Connected), true
}

// Minutes is the duration of every row in minutes.
func (t UsageTotals) Minutes() float64 { return float64(t.Seconds) / 60 }

func usagePct(n, of int64) (float64, bool) {
	if of == 0 {
		return 0, false
	}
	return float64(n) / float64(of) * 100, true
}

// UsageValue is a fact's value of a dimension, as keys and filters write
// it; nil when unknown.
func UsageValue(f UsageFact, d UsageDimension) *string {
	s := func(v string) *string { return &v }
	switch d {
	case UsageDimKind:
		return s(f.Kind)
	case UsageDimUser:
		return f.UserKey
	case UsageDimNumber:
		return f.Number
	case UsageDimCountry:
		return f.Country
	case UsageDimCallType:
		return f.CallType
	case UsageDimTrunk:
		return f.Trunk
	case UsageDimDay:
		if f.Day != nil {
			return s(f.Day.Format(time.DateOnly))
		}
	case UsageDimSIPCode:
		if f.SIPCode != nil {
			return s(strconv.FormatInt(*f.SIPCode, 10))
		}
	case UsageDimSubReason:
		if f.SubReason != nil {
			return s(strconv.FormatInt(*f.SubReason, 10))
		}
	case UsageDimSIPPhrase:
		return f.SIPPhrase
	case UsageDimSuccess:
		if f.Successful != nil {
			return s(strconv.FormatBool(*f.Successful))
		}
	}
	return nil
}

// UsageFilterKeeps reports whether a fact passes a filter: the
// definition every backend's SQL follows.
func UsageFilterKeeps(f UsageFact, flt UsageFilter) bool {
	v := UsageValue(f, flt.Dimension)
	for _, want := range flt.Values {
		switch {
		case want == "":
			if v == nil {
				return true
			}
		case v == nil:
		case flt.Dimension == UsageDimNumber:
			if NumberMatches(*v, want) {
				return true
			}
		case flt.Dimension == UsageDimUser:
			if sameText(*v, want) || f.UserPrincipalName != nil && sameText(*f.UserPrincipalName, want) {
				return true
			}
		default:
			if sameText(*v, want) {
				return true
			}
		}
	}
	return false
}

// sameText compares as the backends' lower(a) = lower(b) does.
func sameText(a, b string) bool { return strings.ToLower(a) == strings.ToLower(b) }
