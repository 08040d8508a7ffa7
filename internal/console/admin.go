package console

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/store"
)

// WriteTokens prints the API tokens, newest last as the store lists them.
func WriteTokens(w io.Writer, toks []store.Token) error {
	if len(toks) == 0 {
		_, err := fmt.Fprintln(w, "no API tokens (callscope token create makes one)")
		return err
	}
	t := NewTable(Text("ID"), Text("NAME"), Text("ROLE"), Text("TENANTS"), Text("CREATED"), Text("LAST USED"), Text("REVOKED"))
	for _, k := range toks {
		t.Row(k.ID, k.Name, k.Role, strings.Join(k.Tenants, ","), dateOrDash(k.CreatedAt), dateOrDash(k.LastUsedAt), dateOrDash(k.RevokedAt))
	}
	_, err := t.WriteTo(w)
	return err
}

// WriteMissingSubnets prints CQD's missing-subnet report.
func WriteMissingSubnets(w io.Writer, found []store.SubnetCount) error {
	t := NewTable(Text("SUBNET"), Num("AUDIO STREAMS"), Num("POOR"), Text("FIRST SEEN"), Text("LAST SEEN"))
	for _, s := range found {
		t.Row(s.Subnet, strconv.Itoa(s.Streams), strconv.Itoa(s.Poor), s.First.Format(time.DateOnly), s.Last.Format(time.DateOnly))
	}
	_, err := t.WriteTo(w)
	return err
}

func dateOrDash(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04")
}
