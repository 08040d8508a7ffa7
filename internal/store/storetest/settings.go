package storetest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/callscope/callscope/internal/store"
)

func wantSetting(t *testing.T, st store.Store, key, want string, wantOK bool) {
	t.Helper()
	got, ok, err := st.Setting(context.Background(), key)
	if err != nil {
		t.Fatalf("Setting(%q): %v", key, err)
	}
	if got != want || ok != wantOK {
		t.Fatalf("Setting(%q) = %q, %v; want %q, %v", key, got, ok, want, wantOK)
	}
}

func setSetting(t *testing.T, st store.Store, key, value string) {
	t.Helper()
	if err := st.SetSetting(context.Background(), key, value); err != nil {
		t.Fatalf("SetSetting(%q, %q): %v", key, value, err)
	}
}

// testSettings: values round-trip and replace each other, an empty value
// is a value, and writers racing on one key leave one value.
func testSettings(t *testing.T, s *suite) {
	st := s.open(t)
	ctx := context.Background()
	wantSetting(t, st, "default-tenant", "", false)
	setSetting(t, st, "default-tenant", "tenant-a")
	setSetting(t, st, "euii-retention-days", "28")
	wantSetting(t, st, "default-tenant", "tenant-a", true)
	setSetting(t, st, "default-tenant", "tenant-b")
	wantSetting(t, st, "default-tenant", "tenant-b", true)
	wantSetting(t, st, "euii-retention-days", "28", true)
	wantSetting(t, st, "Default-Tenant", "", false)
	setSetting(t, st, "last-scrub", "")
	wantSetting(t, st, "last-scrub", "", true)

	if err := st.DeleteSetting(ctx, "euii-retention-days"); err != nil {
		t.Fatal(err)
	}
	wantSetting(t, st, "euii-retention-days", "", false)
	wantSetting(t, st, "default-tenant", "tenant-b", true)
	if err := st.DeleteSetting(ctx, "never-set"); err != nil {
		t.Errorf("DeleteSetting of a key not there: %v", err)
	}
	wantErr(t, "DeleteSetting with no key", st.DeleteSetting(ctx, ""), store.ErrInvalid)

	_, _, err := st.Setting(ctx, "")
	wantErr(t, "Setting with no key", err, store.ErrInvalid)
	wantErr(t, "SetSetting with no key", st.SetSetting(ctx, "", "x"), store.ErrInvalid)

	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- st.SetSetting(ctx, "raced", fmt.Sprintf("value-%d", i))
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("racing SetSetting: %v", err)
		}
	}
	got, ok, err := st.Setting(ctx, "raced")
	if err != nil || !ok || !strings.HasPrefix(got, "value-") {
		t.Errorf("Setting after the race = %q, %v, %v; want one racer's value", got, ok, err)
	}
}
