package acsblob_test

import (
	"context"
	"log"
	"os"
	"time"

	"github.com/callscope/callscope/internal/acsblob"
	"github.com/callscope/callscope/internal/ingest"
	"github.com/callscope/callscope/internal/store/duckdb"
)

// A Reader polls an account's ACS exports into the store every minute;
// each poll reads only what Azure Monitor appended since the last one,
// also after a restart.
func Example() {
	ctx := context.Background()
	st, err := duckdb.Open(ctx, "callscope.db")
	if err != nil {
		log.Fatal(err)
	}
	defer st.Close()
	r, err := acsblob.New(acsblob.Config{
		ServiceURL:  "https://contosologs.blob.core.windows.net/",
		AccountName: "contosologs",
		AccountKey:  os.Getenv("CALLSCOPE_ACS_STORAGE_KEY"),
		// One ACS resource of the account.
		Prefix: "resourceId=/SUBSCRIPTIONS/<sub>/RESOURCEGROUPS/<rg>/PROVIDERS/MICROSOFT.COMMUNICATION/COMMUNICATIONSERVICES/<name>/",
		Ingest: ingest.Options{Tenant: "contoso"},
	}, st)
	if err != nil {
		log.Fatal(err)
	}
	for {
		res, err := r.Poll(ctx)
		if err != nil {
			log.Print(err)
		} else if !res.More {
			time.Sleep(time.Minute)
		}
	}
}
