package jsongen

import (
	"reflect"
	"strings"
	"testing"
)

type embedsPointer struct{ *inner }
type inner struct{ A, B string }
type embeds struct {
	B string
	inner
}
type embedsTwice struct {
	inner
	other
}
type other struct{ A string }
type stringOpt struct {
	A int `json:",string"`
}
type fine struct {
	A string            `json:"a,omitempty"`
	B []int             `json:"b"`
	C map[string]string `json:"c,omitempty"`
	D *fine             `json:"d,omitempty"`
	e string
}

// TestGenerateRefuses: what encoding/json would write otherwise than the
// generated code is refused rather than written wrong.
func TestGenerateRefuses(t *testing.T) {
	t.Parallel()
	pkg := reflect.TypeFor[fine]().PkgPath()
	for _, tc := range []struct {
		root reflect.Type
		want string
	}{
		{reflect.TypeFor[embedsPointer](), "not pointers"},
		{reflect.TypeFor[embedsTwice](), `two fields named "A"`},
		{reflect.TypeFor[stringOpt](), `option "string"`},
	} {
		_, err := Generate(Options{Package: "jsongen", PkgPath: pkg, Roots: []reflect.Type{tc.root}})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: got %v, want an error saying %q", tc.root, err, tc.want)
		}
	}
	src, err := Generate(Options{Package: "jsongen", PkgPath: pkg, Roots: []reflect.Type{reflect.TypeFor[fine]()}})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"func (v *fine) AppendJSON(", `"\"a\":"`, "slices.Sort(keys0)", "if v.D != nil {"} {
		if !strings.Contains(string(src), want) {
			t.Errorf("generated code lacks %q:\n%s", want, src)
		}
	}
	// An embedded struct's fields are written in its place, but for
	// those a shallower field of the same name hides.
	src, err = Generate(Options{Package: "jsongen", PkgPath: pkg, Roots: []reflect.Type{reflect.TypeFor[embeds]()}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), "v.inner.A") || strings.Contains(string(src), "v.inner.B") {
		t.Errorf("embedded fields not promoted as encoding/json does:\n%s", src)
	}
	if strings.Contains(string(src), `"e"`) {
		t.Errorf("an unexported field was written:\n%s", src)
	}
}
