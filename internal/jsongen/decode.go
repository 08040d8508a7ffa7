package jsongen

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// With Options.Decode, each type also gets
//
//	func (v *T) DecodeJSONField(d *JSONReader, name []byte) (int, error)
//
// which reads the value of the member whose name, quoted as the input
// has it, is name, and returns the field's index; -2 for a name that is
// none of the fields' in any case, whose value encoding/json ignores and
// the caller skips; -1 for a name it leaves to the general way. It is a
// fast path for reading JSON the generated encoder wrote: names exactly
// as written, each once, values of their field's kind. It declines (an error) whatever it is not sure to read
// as encoding/json would (other spellings of a name, nulls for values,
// duplicate names), and its caller then reads the input the general
// way, so that it changes the speed, never the result. The target
// package supplies ReadJSONString, ReadJSONBool, ReadJSONSigned,
// ReadJSONUnsigned, ReadJSONFloat, ReadJSONOpt, ReadJSONOptString,
// ReadJSONName, ReadJSONOther, DecodeJSONObject, DeclineJSON and
// UnknownJSONName, and the JSONReader they read with (Begin, More,
// PeekKind, SkipValue).

func (g *generator) decodeMethod(w *bytes.Buffer, t reflect.Type) error {
	fields, err := fieldsOf(t)
	if err != nil {
		return err
	}
	if len(fields) > 64 {
		return fmt.Errorf("jsongen: %v: more than 64 fields cannot be decoded", t)
	}
	fmt.Fprintf(w, "// DecodeJSONField reads the member named name (quoted) into v: the\n")
	fmt.Fprintf(w, "// fast path of reading what AppendJSON wrote (package jsongen).\n")
	fmt.Fprintf(w, "func (v *%s) DecodeJSONField(d *%s, name []byte) (int, error) {\n", t.Name(), g.helper("JSONReader"))
	fmt.Fprintf(w, "switch string(name) {\n")
	for i, f := range fields {
		key, _ := json.Marshal(f.name)
		if bytes.ContainsRune(key, '\\') {
			continue // a name written escaped is left to the general way
		}
		fmt.Fprintf(w, "case %q:\n", key)
		fmt.Fprintf(w, "p0 := &v.%s\n", f.goName)
		if err := g.decodeInto(w, f.t, "p0", 0); err != nil {
			return fmt.Errorf("jsongen: %v.%s: %w", t, f.goName, err)
		}
		fmt.Fprintf(w, "return %d, nil\n", i)
	}
	// A name that is none of the fields', in any case, encoding/json
	// ignores: -2 tells the caller to skip its value.
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = strconv.Quote(f.name)
	}
	fmt.Fprintf(w, "}\nif %s(name, %s) {\nreturn -2, nil\n}\nreturn -1, nil\n}\n\n", g.helper("UnknownJSONName"), g.namesVar(t))
	fmt.Fprintf(w, "var %s = []string{%s}\n\n", g.namesVar(t), strings.Join(names, ", "))
	return g.extraMethod(w, t, fields)
}

// extraMethod writes t's JSONExtra method when t has a field of the
// Options.Unknown type.
func (g *generator) extraMethod(w *bytes.Buffer, t reflect.Type, fields []field) error {
	if g.o.Unknown == "" {
		return nil
	}
	var found *field
	for i, f := range fields {
		if f.t.Name() == g.o.Unknown && f.t.PkgPath() == g.o.PkgPath {
			if found != nil {
				return fmt.Errorf("jsongen: %v: two fields of type %s", t, g.o.Unknown)
			}
			found = &fields[i]
		}
	}
	if found == nil {
		return nil
	}
	if strings.Contains(found.goName, ".") {
		return fmt.Errorf("jsongen: %v: the %s field is an embedded struct's", t, g.o.Unknown)
	}
	fmt.Fprintf(w, "// JSONExtra is where v keeps the members of JSON from outside that\n")
	fmt.Fprintf(w, "// none of its fields are.\n")
	fmt.Fprintf(w, "func (v *%s) JSONExtra() *%s { return &v.%s }\n\n", t.Name(), g.o.Unknown, found.goName)
	return nil
}

// namesVar names the list of t's JSON member names.
func (g *generator) namesVar(t reflect.Type) string { return "jsonNames" + t.Name() }

// decodeInto writes the code that reads a value of type t into *p, and
// on failure returns the error from the enclosing DecodeJSONField.
func (g *generator) decodeInto(w *bytes.Buffer, t reflect.Type, p string, depth int) error {
	check := func(call string) {
		fmt.Fprintf(w, "if err := %s; err != nil {\nreturn 0, err\n}\n", call)
	}
	switch {
	case g.isOpt(t):
		name := "ReadJSONOpt"
		if kind, _ := g.optKind(t); kind == "String" {
			name = "ReadJSONOptString"
		}
		check(fmt.Sprintf("%s(d, %s)", g.helper(name), p))
		return nil
	case t.Kind() == reflect.Interface || custom(t) || unmarshals(t):
		// time.Time and RawMessage among them; a type that reads
		// itself does so even when its fields are generated.
		check(fmt.Sprintf("%s(d, %s)", g.helper("ReadJSONOther"), p))
		return nil
	case g.generated(t):
		check(fmt.Sprintf("%s(d, %s)", g.helper("DecodeJSONObject"), p))
		return nil
	}
	next := fmt.Sprintf("p%d", depth+1)
	switch t.Kind() {
	case reflect.String:
		check(fmt.Sprintf("%s(d, %s)", g.helper("ReadJSONString"), p))
	case reflect.Bool:
		check(fmt.Sprintf("%s(d, %s)", g.helper("ReadJSONBool"), p))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		check(fmt.Sprintf("%s(d, %s)", g.helper("ReadJSONSigned"), p))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		check(fmt.Sprintf("%s(d, %s)", g.helper("ReadJSONUnsigned"), p))
	case reflect.Float64:
		check(fmt.Sprintf("%s(d, %s)", g.helper("ReadJSONFloat"), p))
	case reflect.Pointer:
		openNull(w, p)
		fmt.Fprintf(w, "if *%s == nil {\n*%s = new(%s)\n}\n%s := *%s\n", p, p, g.typeName(t.Elem()), next, p)
		if err := g.decodeInto(w, t.Elem(), next, depth+1); err != nil {
			return err
		}
		fmt.Fprintf(w, "}\n")
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			check(fmt.Sprintf("%s(d, %s)", g.helper("ReadJSONOther"), p))
			return nil
		}
		s := fmt.Sprintf("s%d", depth)
		openLoop(w, p, '[')
		fmt.Fprintf(w, "%s := (*%s)[:0]\nif %s == nil {\n%s = %s{}\n}\n", s, p, s, s, g.sliceType(t))
		fmt.Fprintf(w, "for n%d := 0; ; n%d++ {\nif more, err := d.More(']', n%d); err != nil {\nreturn 0, err\n} else if !more {\nbreak\n}\n", depth, depth, depth)
		fmt.Fprintf(w, "var e%d %s\n%s = append(%s, e%d)\n%s := &%s[len(%s)-1]\n", depth, g.elemType(t.Elem()), s, s, depth, next, s, s)
		if err := g.decodeInto(w, t.Elem(), next, depth+1); err != nil {
			return err
		}
		fmt.Fprintf(w, "}\n*%s = %s\n}\n", p, s)
	case reflect.Map:
		if t.Key().Kind() != reflect.String || custom(t.Key()) {
			check(fmt.Sprintf("%s(d, %s)", g.helper("ReadJSONOther"), p))
			return nil
		}
		m := fmt.Sprintf("m%d", depth)
		openLoop(w, p, '{')
		fmt.Fprintf(w, "%s := *%s\nif %s == nil {\n%s = %s{}\n}\n", m, p, m, m, g.mapType(t))
		fmt.Fprintf(w, "for n%d := 0; ; n%d++ {\nif more, err := d.More('}', n%d); err != nil {\nreturn 0, err\n} else if !more {\nbreak\n}\n", depth, depth, depth)
		fmt.Fprintf(w, "k%d, err := %s(d)\nif err != nil {\nreturn 0, err\n}\n", depth, g.helper("ReadJSONName"))
		fmt.Fprintf(w, "if _, dup := %s[%s(k%d)]; dup {\nreturn 0, %s()\n}\n", m, g.typeName(t.Key()), depth, g.helper("DeclineJSON"))
		fmt.Fprintf(w, "var e%d %s\n%s := &e%d\n", depth, g.elemType(t.Elem()), next, depth)
		if err := g.decodeInto(w, t.Elem(), next, depth+1); err != nil {
			return err
		}
		fmt.Fprintf(w, "%s[%s(k%d)] = e%d\n}\n*%s = %s\n}\n", m, g.typeName(t.Key()), depth, depth, p, m)
	case reflect.Struct:
		check(fmt.Sprintf("%s(d, %s)", g.helper("ReadJSONOther"), p))
	default:
		return fmt.Errorf("%v is not supported", t)
	}
	return nil
}

// openNull writes the start of reading a value into *p, a pointer, slice
// or map: null makes it nil, and the code after it, for anything else,
// is within the else that the caller closes.
func openNull(w *bytes.Buffer, p string) {
	fmt.Fprintf(w, "if d.PeekKind() == 'n' {\nif err := d.SkipValue(); err != nil {\nreturn 0, err\n}\n*%s = nil\n} else {\n", p)
}

// openLoop is openNull for an array or object, with its opening byte
// read.
func openLoop(w *bytes.Buffer, p string, open byte) {
	openNull(w, p)
	fmt.Fprintf(w, "if err := d.Begin(%q); err != nil {\nreturn 0, err\n}\n", open)
}

// unmarshals tells whether encoding/json would call a method of t's to
// read it.
func unmarshals(t reflect.Type) bool {
	p := reflect.PointerTo(t)
	return p.Implements(reflect.TypeFor[json.Unmarshaler]()) || p.Implements(reflect.TypeFor[encoding.TextUnmarshaler]())
}

// elemType, sliceType and mapType write composite types as the target
// package spells them.
func (g *generator) elemType(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Pointer:
		return "*" + g.elemType(t.Elem())
	case reflect.Slice:
		return g.sliceType(t)
	case reflect.Map:
		return g.mapType(t)
	}
	return g.typeName(t)
}

func (g *generator) sliceType(t reflect.Type) string {
	if t.Name() != "" {
		return g.typeName(t)
	}
	return "[]" + g.elemType(t.Elem())
}

func (g *generator) mapType(t reflect.Type) string {
	if t.Name() != "" {
		return g.typeName(t)
	}
	return "map[" + g.elemType(t.Key()) + "]" + g.elemType(t.Elem())
}
