package model

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/golden"
	"github.com/callscope/callscope/internal/jsongen"
)

// jsonRoots are the types whose canonical JSON is written without
// reflection: a call and everything in it, and an ACS record.
var jsonRoots = []reflect.Type{reflect.TypeFor[Call](), reflect.TypeFor[ACSRecord]()}

// TestGeneratedJSON holds json_gen.go to what the generator writes for
// the model as it is; `go generate` (or this test with -update) writes
// it anew after a change of the model.
func TestGeneratedJSON(t *testing.T) {
	t.Parallel()
	src, err := jsongen.Generate(jsongen.Options{
		Package: "model", PkgPath: reflect.TypeFor[Call]().PkgPath(), Roots: jsonRoots, Opt: "Opt"})
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "json_gen.go", src)
}

// TestAppendJSONAsEncodingJSON fills every field of the generated types
// with random values, awkward strings and numbers among them, and
// requires AppendJSON to write exactly what encoding/json writes.
func TestAppendJSONAsEncodingJSON(t *testing.T) {
	t.Parallel()
	for _, root := range jsonRoots {
		t.Run(root.Name(), func(t *testing.T) {
			t.Parallel()
			for seed := range uint64(300) {
				f := filler{r: rand.New(rand.NewPCG(seed, 7))}
				v := reflect.New(root)
				f.fill(v.Elem(), 0)
				want, werr := json.Marshal(v.Interface())
				got, gerr := v.Interface().(JSONAppender).AppendJSON(nil)
				if (werr != nil) != (gerr != nil) || string(got) != string(want) {
					t.Fatalf("seed %d: AppendJSON wrote\n%s (%v)\nencoding/json\n%s (%v)", seed, got, gerr, want, werr)
				}
			}
		})
	}
}

// awkward are strings whose escaping encoding/json does its own way.
var awkward = []string{"", "plain", "Zoë <b>&amp;</b>", "quote \" and \\ back", "ctl \x00\x01\b\f\n\r\t\x1f\x7f",
	"line\u2028para\u2029", "bad \xff\xfe utf8 \xc3", "emoji 😀 and \ufffd", "日本語"}

type filler struct{ r *rand.Rand }

func (f filler) fill(v reflect.Value, depth int) {
	if depth > 6 || f.r.IntN(5) == 0 {
		return // left zero: absent, nil, empty
	}
	t := v.Type()
	if t.Kind() == reflect.Struct && t.PkgPath() == reflect.TypeFor[Call]().PkgPath() && len(t.Name()) > 4 && t.Name()[:4] == "Opt[" {
		f.fillOpt(v)
		return
	}
	switch t.Kind() {
	case reflect.String:
		v.SetString(awkward[f.r.IntN(len(awkward))])
	case reflect.Bool:
		v.SetBool(f.r.IntN(2) == 1)
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(f.r.Int64N(1<<40) - 1<<39)
	case reflect.Float64:
		v.SetFloat([]float64{0, 1e-7, 1e21, -2.5e-9, 0.016, 123456.789}[f.r.IntN(6)])
	case reflect.Pointer:
		v.Set(reflect.New(t.Elem()))
		f.fill(v.Elem(), depth+1)
	case reflect.Slice:
		if t == reflect.TypeFor[json.RawMessage]() {
			v.SetBytes([]byte(`{ "a" : [1, 2.50, "<&>\u2028"], "b":null }`))
			return
		}
		n := f.r.IntN(3)
		v.Set(reflect.MakeSlice(t, n, n))
		for i := range n {
			f.fill(v.Index(i), depth+1)
		}
	case reflect.Map:
		v.Set(reflect.MakeMap(t))
		for range f.r.IntN(3) {
			e := reflect.New(t.Elem()).Elem()
			f.fill(e, depth+1)
			v.SetMapIndex(reflect.ValueOf(awkward[f.r.IntN(len(awkward))]).Convert(t.Key()), e)
		}
	case reflect.Struct:
		if t == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Unix(f.r.Int64N(1<<31), f.r.Int64N(1e9)).UTC()))
			return
		}
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				f.fill(v.Field(i), depth+1)
			}
		}
	default:
		panic(fmt.Sprintf("filler: %v", t))
	}
}

// fillOpt sets an Opt null or present through its own decoding, since
// its fields are its own.
func (f filler) fillOpt(v reflect.Value) {
	text := "null"
	if f.r.IntN(4) > 0 {
		vt, _ := v.Type().FieldByName("v")
		switch {
		case vt.Type == reflect.TypeFor[time.Time]():
			text = `"` + time.Unix(f.r.Int64N(1<<33), f.r.Int64N(1e9)).In(time.FixedZone("x", 3600)).Format(time.RFC3339Nano) + `"`
		case vt.Type == reflect.TypeFor[Duration]():
			text = `"PT` + strconv.Itoa(f.r.IntN(5000)) + `.` + strconv.Itoa(f.r.IntN(1000)) + `S"`
		case vt.Type.Kind() == reflect.String:
			b, _ := json.Marshal(awkward[f.r.IntN(len(awkward))])
			text = string(b)
		case vt.Type.Kind() == reflect.Float64:
			text = []string{"0", "1e-7", "1e21", "-2.5e-9", "0.016", "123456.789", "1e300"}[f.r.IntN(7)]
		case vt.Type.Kind() == reflect.Int64:
			text = strconv.FormatInt(f.r.Int64N(1<<40)-1<<39, 10)
		case vt.Type.Kind() == reflect.Bool:
			text = strconv.FormatBool(f.r.IntN(2) == 1)
		}
	}
	if err := v.Addr().Interface().(json.Unmarshaler).UnmarshalJSON([]byte(text)); err != nil {
		panic(fmt.Sprintf("filler: %v from %s: %v", v.Type(), text, err))
	}
}
