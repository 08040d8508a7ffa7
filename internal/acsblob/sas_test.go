package acsblob

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/sas"
)

// A service URL holding a SAS token is a credential of its own; a token
// that does not allow listing fails the poll without showing its
// signature.
func TestPollWithSASURL(t *testing.T) {
	a := newAccount(t)
	st := openStore(t)
	c := a.container("CallSummary")
	lines := exampleLines(t, "CallSummary")
	a.create(c, a.blob(15), lines[0]+lines[1])

	sasURL := func(perms sas.AccountPermissions) string {
		u, err := a.client.ServiceClient().GetSASURL(sas.AccountResourceTypes{Service: true, Container: true, Object: true},
			perms, time.Now().Add(time.Hour), nil)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	u := sasURL(sas.AccountPermissions{List: true, Read: true})
	r, err := New(Config{ServiceURL: u, Containers: []string{c}, Prefix: a.prefix, Ingest: a.reader(st, nil).cfg.Ingest}, st)
	if err != nil {
		t.Fatal(err)
	}
	if res := poll(t, r); res.Summary.Records != 2 {
		t.Fatalf("%d records read with a SAS URL; want 2", res.Summary.Records)
	}

	readOnly := sasURL(sas.AccountPermissions{Read: true})
	sig := readOnly[strings.Index(readOnly, "sig=")+4:]
	r, err = New(Config{ServiceURL: readOnly, Containers: []string{c}, Prefix: a.prefix, Ingest: a.reader(st, nil).cfg.Ingest}, st)
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.Poll(context.Background())
	if err == nil {
		t.Fatal("listing without the list permission succeeded")
	}
	if !strings.Contains(err.Error(), "listing "+c) || strings.Contains(err.Error(), sig) {
		t.Errorf("error %q: want it to name the container and not the signature", err)
	}
}
