package model

//go:generate go test -run ^TestGeneratedJSON$ -update .

import (
	"reflect"
	"testing"

	"github.com/callscope/callscope/internal/jsongen"
)

// jsonOptions generate json_gen.go: the canonical JSON of a call and of
// everything in it, and of an ACS record.
var jsonOptions = jsongen.Options{
	Package: "model", PkgPath: reflect.TypeFor[Call]().PkgPath(), Opt: "Opt", Decode: true, Unknown: "Extra",
	Roots:      []reflect.Type{reflect.TypeFor[Call](), reflect.TypeFor[ACSRecord]()},
	DecodeFast: func(b []byte, v any) error { return decodeFast(b, v.(JSONFieldDecoder)) },
}

// TestGeneratedJSON holds json_gen.go to the generator and to
// encoding/json (jsongen.Check); `go generate` writes it anew after a
// change of the model.
func TestGeneratedJSON(t *testing.T) {
	t.Parallel()
	jsongen.Check(t, jsonOptions, "json_gen.go")
}
