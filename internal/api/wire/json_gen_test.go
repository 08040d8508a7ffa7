package wire

//go:generate go test -run ^TestGeneratedJSON$ -update .

import (
	"reflect"
	"testing"

	"github.com/callscope/callscope/internal/jsongen"
	"github.com/callscope/callscope/internal/model"
)

// TestGeneratedJSON holds json_gen.go, the encoding of the list rows and
// the call views, to the
// generator and to encoding/json (jsongen.Check); `go generate` writes
// it anew after a change of the rows.
func TestGeneratedJSON(t *testing.T) {
	t.Parallel()
	modelPath := reflect.TypeFor[model.Call]().PkgPath()
	jsongen.Check(t, jsongen.Options{
		Package: "wire", PkgPath: reflect.TypeFor[CallItem]().PkgPath(),
		Opt: "Opt", OptPkgPath: modelPath, Helpers: modelPath,
		Roots: []reflect.Type{
			reflect.TypeFor[CallItem](), reflect.TypeFor[PoorCallItem](),
			reflect.TypeFor[CallOverview](), reflect.TypeFor[CallAdvanced](),
			reflect.TypeFor[CallTimeline](), reflect.TypeFor[CallParticipants](),
			reflect.TypeFor[CallSeries](),
		},
	}, "json_gen.go")
}
