package acsblob

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/streaming"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/appendblob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/bloberror"

	"github.com/callscope/callscope/internal/ingest"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/duckdb"
)

const tenant = "contoso"

func openStore(t *testing.T) store.Store {
	t.Helper()
	st, err := duckdb.Open(context.Background(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// account is one test's view of the emulator: a client, and an ACS
// resource of its own, so that tests share the real container names but
// never see each other's blobs.
type account struct {
	t      *testing.T
	url    string
	client *azblob.Client
	prefix string // the resource's blob path, the Reader's Prefix
}

var resourceSeq atomic.Int64

// blob names the PT1H.json of one hour of the test's resource, as Azure
// Monitor names it.
func (a *account) blob(hour int) string {
	return fmt.Sprintf("%sy=2024/m=05/d=01/h=%02d/m=00/PT1H.json", a.prefix, hour)
}

func newAccount(t *testing.T) *account {
	t.Helper()
	u := azurite(t)
	cred, err := azblob.NewSharedKeyCredential(devAccount, devKey)
	if err != nil {
		t.Fatal(err)
	}
	c, err := azblob.NewClientWithSharedKeyCredential(u, cred, nil)
	if err != nil {
		t.Fatal(err)
	}
	prefix := fmt.Sprintf("resourceId=/SUBSCRIPTIONS/XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX/RESOURCEGROUPS/ACS-TEST-RG/PROVIDERS/MICROSOFT.COMMUNICATION/COMMUNICATIONSERVICES/ACS-TEST-%d/", resourceSeq.Add(1))
	return &account{t: t, url: u, client: c, prefix: prefix}
}

// container returns the diagnostic-settings container of a category,
// creating it when no test has yet.
func (a *account) container(category string) string {
	a.t.Helper()
	name := "insights-logs-" + strings.ToLower(category)
	_, err := a.client.CreateContainer(context.Background(), name, nil)
	if err != nil && !bloberror.HasCode(err, bloberror.ContainerAlreadyExists) {
		a.t.Fatalf("create container %s: %v", name, err)
	}
	return name
}

func (a *account) appendClient(c, name string) *appendblob.Client {
	return a.client.ServiceClient().NewContainerClient(c).NewAppendBlobClient(name)
}

// create makes (or empties) an append blob holding content.
func (a *account) create(c, name, content string) {
	a.t.Helper()
	if _, err := a.appendClient(c, name).Create(context.Background(), nil); err != nil {
		a.t.Fatalf("create %s/%s: %v", c, name, err)
	}
	if content != "" {
		a.append(c, name, content)
	}
}

// append adds content to an append blob, as Azure Monitor does.
func (a *account) append(c, name, content string) {
	a.t.Helper()
	body := streaming.NopCloser(bytes.NewReader([]byte(content)))
	if _, err := a.appendClient(c, name).AppendBlock(context.Background(), body, nil); err != nil {
		a.t.Fatalf("append to %s/%s: %v", c, name, err)
	}
}

// touch changes a blob's ETag and last-modified time, not its content.
func (a *account) touch(c, name string) {
	a.t.Helper()
	v := "1"
	if _, err := a.appendClient(c, name).SetMetadata(context.Background(), map[string]*string{"touched": &v}, nil); err != nil {
		a.t.Fatalf("set metadata of %s/%s: %v", c, name, err)
	}
}

func (a *account) remove(c, name string) {
	a.t.Helper()
	if _, err := a.client.DeleteBlob(context.Background(), c, name, nil); err != nil {
		a.t.Fatalf("delete %s/%s: %v", c, name, err)
	}
}

// reader returns a Reader of the account's containers into st.
func (a *account) reader(st store.Store, containers []string, edit ...func(*Config)) *Reader {
	a.t.Helper()
	cfg := Config{
		ServiceURL:  a.url,
		AccountName: devAccount,
		AccountKey:  devKey,
		Containers:  containers,
		Prefix:      a.prefix,
		Ingest:      ingest.Options{Tenant: tenant},
	}
	for _, e := range edit {
		e(&cfg)
	}
	r, err := New(cfg, st)
	if err != nil {
		a.t.Fatal(err)
	}
	return r
}

func poll(t *testing.T, r *Reader) *Result {
	t.Helper()
	res, err := r.Poll(context.Background())
	if err != nil {
		t.Fatalf("poll: %v", err)
	}
	if len(res.Failed) > 0 {
		t.Fatalf("poll: blobs not read: %v", res.Failed)
	}
	return res
}

// dump is every stored call of the tenant as canonical JSON, with the
// store's counts: two dumps are equal when the stores hold the same.
func dump(t *testing.T, st store.Store) string {
	t.Helper()
	var parts []string
	err := st.ScanCalls(context.Background(), store.CallFilter{Tenant: tenant}, func(c *model.Call) error {
		b, err := json.Marshal(c)
		parts = append(parts, string(b))
		if err != nil {
			return err
		}
		// The records a call was assembled from, by category: the
		// category comes from the container, not the record's text.
		recs, err := st.ACSRecords(context.Background(), tenant, c.ID)
		for _, r := range recs {
			parts = append(parts, c.ID+" "+string(r.Category))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(parts)
	stats, err := st.Stats(context.Background(), tenant)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(stats)
	return string(b) + "\n" + strings.Join(parts, "\n")
}

func stats(t *testing.T, st store.Store) store.Stats {
	t.Helper()
	s, err := st.Stats(context.Background(), tenant)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// exampleLines returns the lines of one of the repository's ACS examples,
// each with its newline.
func exampleLines(t *testing.T, category string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("../../examples/acs", category+".ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	for i, l := range lines {
		if !strings.HasSuffix(l, "\n") {
			lines[i] = l + "\n"
		}
	}
	return lines
}

// ingestFiles runs `callscope ingest`'s code on files laid out as the
// blobs are, into a store of its own.
func ingestFiles(t *testing.T, files map[string]string) (*ingest.Summary, store.Store) {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	st := openStore(t)
	sum, err := ingest.Run(context.Background(), st, []string{dir}, ingest.Options{Tenant: tenant})
	if err != nil {
		t.Fatal(err)
	}
	return sum, st
}
