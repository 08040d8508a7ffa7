package api

//go:generate go test -run ^TestGeneratedJSON$ -update .

import (
	"reflect"
	"testing"

	"github.com/callscope/callscope/internal/jsongen"
	"github.com/callscope/callscope/internal/model"
)

// TestGeneratedJSON holds json_gen.go, the encoding of the answers asked
// most (a call's sections, its pages, a user's calls, poor calls), to
// the generator and to encoding/json (the call views' is package
// wire's) (jsongen.Check); `go generate`
// writes it anew after a change of these types.
func TestGeneratedJSON(t *testing.T) {
	t.Parallel()
	modelPath := reflect.TypeFor[model.Call]().PkgPath()
	jsongen.Check(t, jsongen.Options{
		Package: "api", PkgPath: reflect.TypeFor[userCallsResponse]().PkgPath(),
		Opt: "Opt", OptPkgPath: modelPath, Helpers: modelPath,
		Roots: []reflect.Type{
			reflect.TypeFor[userCallsResponse](), reflect.TypeFor[verdictsResponse](), reflect.TypeFor[poorCallsResponse](),
		},
	}, "json_gen.go")
}
