package model

import (
	"testing"
)

func TestExplainEnd(t *testing.T) {
	t.Parallel()
	f := func(code, sub, wantCategory, wantMeaningStart string, wantExact, wantOK bool) {
		t.Helper()
		e, exact, ok := ExplainACSEnd(code, sub)
		if ok != wantOK || exact != wantExact || e.Category != wantCategory {
			t.Fatalf("ExplainACSEnd(%q, %q) = %+v exact %v ok %v; want category %q exact %v ok %v", code, sub, e, exact, ok, wantCategory, wantExact, wantOK)
		}
		if len(e.Meaning) < len(wantMeaningStart) || e.Meaning[:len(wantMeaningStart)] != wantMeaningStart {
			t.Fatalf("ExplainACSEnd(%q, %q) meaning %q, want it to begin %q", code, sub, e.Meaning, wantMeaningStart)
		}
	}
	f("410", "3100", ACSResultUnexpectedClientError, "call setup failed: unexpected network", true, true)
	f("410", "3101", ACSResultUnexpectedClientError, "call dropped", true, true)
	f(" 410", "3112 ", ACSResultExpectedError, "call setup failed: client network configuration", true, true)
	f("0", "0", ACSResultSuccess, "ended by the local participant", true, true)
	f("0", "4097", ACSResultSuccess, "the meeting organizer", true, true)
	f("487", "0", ACSResultSuccess, "caller canceled", true, true)
	f("408", "40101", ACSResultUnexpectedClientError, "failed to create the CallAgent", true, true) // the SDK table
	f("0", "3101", ACSResultUnexpectedClientError, "call dropped", false, true)                     // a subcode under another code
	f("410", "", "", "local media stack", false, true)                                              // by code alone
	f("410", "99999", "", "local media stack", false, true)
	f("503", "", "", "Communication Services infrastructure error", false, true)
	f("487", "", "", "canceled, locally declined", false, true) // only the SDK table gives 487 alone
	f("0", "", "", "", false, false)
	f("abc", "", "", "", false, false)
	f("", "", "", "", false, false)
}

func TestEndCodesListed(t *testing.T) {
	t.Parallel()
	all := ACSEndCodes()
	if len(all) < 90 {
		t.Fatalf("%d rows, want both tables' (about 95)", len(all))
	}
	seen := map[[2]string]bool{}
	for i, e := range all {
		k := [2]string{e.Code, e.SubCode}
		if seen[k] {
			t.Fatalf("row %d: %s/%s twice", i, e.Code, e.SubCode)
		}
		seen[k] = true
		if e.Meaning == "" || (e.Table != "call end" && e.Table != "Calling SDK") {
			t.Fatalf("row %d: %+v", i, e)
		}
		if (e.SubCode == "") != (e.Category == "") {
			t.Fatalf("row %d: %+v: only rows by code alone lack a category", i, e)
		}
		got, exact, ok := ExplainACSEnd(e.Code, e.SubCode)
		if !ok || got != e || exact != (e.SubCode != "") {
			t.Fatalf("row %+v is found as %+v exact %v ok %v", e, got, exact, ok)
		}
	}
}

func TestCodeClass(t *testing.T) {
	t.Parallel()
	for code, want := range map[string]string{
		"0": "Success", "200": "Success", "299": "Success", "100": "Provisional", "302": "Redirection",
		"400": "Client failure", "410": "Client failure", "499": "Client failure", "500": "Server failure",
		"603": "Global failure", "700": "", "-1": "", "": "", "x": "",
	} {
		if got := ACSCodeClass(code); got != want {
			t.Errorf("ACSCodeClass(%q) = %q, want %q", code, got, want)
		}
	}
}

func TestUnexpected(t *testing.T) {
	t.Parallel()
	for cat, want := range map[string]bool{
		"UnexpectedClientError": true, "UnexpectedServerError": true, "UnxpectedClientError": true,
		" unexpectedclienterror": true, "ExpectedError": false, "Success": false, "": false,
	} {
		if got := ACSUnexpected(cat); got != want {
			t.Errorf("ACSUnexpected(%q) = %v, want %v", cat, got, want)
		}
	}
}
