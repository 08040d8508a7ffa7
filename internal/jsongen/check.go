package jsongen

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/golden"
)

// Check is the test every package with generated code runs: the file
// (json_gen.go) must be what Generate writes now (with -update it is
// written anew, and checked on the next run), and for every root, values filled at random — awkward
// strings, tiny and huge numbers, nil and empty slices and maps, null
// and absent Opts — must come out of AppendJSON exactly as
// encoding/json.Marshal writes them.
func Check(t *testing.T, o Options, file string) {
	t.Helper()
	src, err := Generate(o)
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, file, src)
	if o.Decode && o.DecodeFast == nil {
		t.Fatal("jsongen.Check: Options.Decode without DecodeFast: the decoding would go unchecked")
	}
	if golden.Updating() {
		return // the package was built with the file before this one
	}
	for _, root := range o.Roots {
		for seed := range uint64(300) {
			f := filler{r: rand.New(rand.NewPCG(seed, 7)), g: &generator{o: o}}
			v := reflect.New(root)
			f.fill(v.Elem(), 0)
			a, ok := v.Interface().(interface{ AppendJSON([]byte) ([]byte, error) })
			if !ok {
				t.Fatalf("%v has no AppendJSON method: generate %s", root, file)
			}
			want, werr := json.Marshal(v.Interface())
			got, gerr := a.AppendJSON(nil)
			if (werr != nil) != (gerr != nil) || string(got) != string(want) {
				t.Fatalf("%v, seed %d: AppendJSON wrote\n%s (%v)\nencoding/json\n%s (%v)", root, seed, got, gerr, want, werr)
			}
			if o.Decode && werr == nil {
				checkDecode(t, o, root, want)
			}
		}
	}
}

// checkDecode requires the generated decoding to read what the encoder
// wrote, and to read it as encoding/json does.
func checkDecode(t *testing.T, o Options, root reflect.Type, b []byte) {
	t.Helper()
	want := reflect.New(root)
	if err := json.Unmarshal(b, want.Interface()); err != nil {
		t.Fatalf("%v: encoding/json cannot read what it wrote: %v\n%s", root, err, b)
	}
	got := reflect.New(root)
	if err := o.DecodeFast(b, got.Interface()); err != nil {
		t.Fatalf("%v: the generated decoding declined what the encoder wrote: %v\n%s", root, err, b)
	}
	if !reflect.DeepEqual(got.Interface(), want.Interface()) {
		t.Fatalf("%v: the generated decoding read otherwise than encoding/json:\n%s", root, b)
	}
}

// awkward are strings whose escaping encoding/json does its own way.
var awkward = []string{"", "plain", "Zoë <b>&amp;</b>", "quote \" and \\ back", "ctl \x00\x01\b\f\n\r\t\x1f\x7f",
	"line\u2028para\u2029", "bad \xff\xfe utf8 \xc3", "emoji 😀 and \ufffd", "日本語"}

type filler struct {
	r *rand.Rand
	g *generator
}

func (f filler) fill(v reflect.Value, depth int) {
	if depth > 6 || f.r.IntN(5) == 0 {
		return // left zero: absent, nil, empty
	}
	t := v.Type()
	if f.g.isOpt(t) {
		f.fillOpt(v)
		return
	}
	switch t.Kind() {
	case reflect.String:
		v.SetString(awkward[f.r.IntN(len(awkward))])
	case reflect.Bool:
		v.SetBool(f.r.IntN(2) == 1)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(f.r.Int64N(1<<40) - 1<<39)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(f.r.Uint64N(1 << 40))
	case reflect.Float64:
		v.SetFloat([]float64{0, 1e-7, 1e21, -2.5e-9, 0.016, 123456.789}[f.r.IntN(6)])
	case reflect.Pointer:
		v.Set(reflect.New(t.Elem()))
		f.fill(v.Elem(), depth+1)
	case reflect.Slice:
		if t == rawMessageType {
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
		if t == timeType {
			zone := time.FixedZone("x", []int{0, 3600, -5400}[f.r.IntN(3)])
			v.Set(reflect.ValueOf(time.Unix(f.r.Int64N(1<<33), f.r.Int64N(1e9)).In(zone)))
			return
		}
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				f.fill(v.Field(i), depth+1)
			}
		}
	case reflect.Interface:
		if t.NumMethod() == 0 {
			v.Set(reflect.ValueOf(awkward[f.r.IntN(len(awkward))]))
		}
	default:
		panic(fmt.Sprintf("jsongen: cannot fill %v", t))
	}
}

// fillOpt sets an Opt null or present through its own decoding, since
// its fields are its package's.
func (f filler) fillOpt(v reflect.Value) {
	text := "null"
	if f.r.IntN(4) > 0 {
		vt, _ := v.Type().FieldByName("v")
		switch kind, _ := f.g.optKind(v.Type()); kind {
		case "Time":
			text = `"` + time.Unix(f.r.Int64N(1<<33), f.r.Int64N(1e9)).In(time.FixedZone("x", 3600)).Format(time.RFC3339Nano) + `"`
		case "Duration":
			text = `"PT` + strconv.Itoa(f.r.IntN(5000)) + `.` + strconv.Itoa(f.r.IntN(1000)) + `S"`
		case "String":
			b, _ := json.Marshal(awkward[f.r.IntN(len(awkward))])
			text = string(b)
		case "Float":
			text = []string{"0", "1e-7", "1e21", "-2.5e-9", "0.016", "123456.789", "1e300"}[f.r.IntN(7)]
		case "Int":
			text = strconv.FormatInt(f.r.Int64N(1<<40)-1<<39, 10)
		case "Bool":
			text = strconv.FormatBool(f.r.IntN(2) == 1)
		default:
			panic(fmt.Sprintf("jsongen: cannot fill %v of %v", v.Type(), vt.Type))
		}
	}
	u, ok := v.Addr().Interface().(json.Unmarshaler)
	if !ok || u.UnmarshalJSON([]byte(text)) != nil {
		panic(fmt.Sprintf("jsongen: %v cannot be read from %s", v.Type(), strings.TrimSpace(text)))
	}
}
