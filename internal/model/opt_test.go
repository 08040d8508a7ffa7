package model

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

// decodeOpt reads one JSON value into an Opt[T].
func decodeOpt[T optValue](t *testing.T, in string) (Opt[T], error) {
	t.Helper()
	var o Opt[T]
	err := json.Unmarshal([]byte(in), &o)
	return o, err
}

func wantValue[T optValue](t *testing.T, in string, want T) {
	t.Helper()
	o, err := decodeOpt[T](t, in)
	if err != nil {
		t.Errorf("%s: %v", in, err)
		return
	}
	got, ok := o.Get()
	if !ok || any(got) != any(want) {
		t.Errorf("%s = %v (present %v), want %v", in, got, ok, want)
	}
}

func wantNull[T optValue](t *testing.T, in string) {
	t.Helper()
	o, err := decodeOpt[T](t, in)
	if err != nil {
		t.Errorf("%s: %v", in, err)
		return
	}
	if !o.IsNull() {
		t.Errorf("%s: presence %v, want null", in, o.Presence())
	}
}

func wantError[T optValue](t *testing.T, in string) {
	t.Helper()
	o, err := decodeOpt[T](t, in)
	if err == nil {
		t.Errorf("%s: decoded as %v, want an error", in, o)
		return
	}
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		t.Errorf("%s: %T is not a *json.UnmarshalTypeError: field paths would be lost", in, err)
	}
}

func TestOptIntegers(t *testing.T) {
	t.Parallel()
	wantValue[int64](t, `709`, 709)
	wantValue[int64](t, `"709"`, 709)
	wantValue[int64](t, `" 5 "`, 5)
	wantValue[int64](t, `-86`, -86)
	wantValue[int64](t, `709.0`, 709)
	wantValue[int64](t, `"1e9"`, 1_000_000_000)
	wantValue[int64](t, `4294967295`, 4294967295)
	wantValue[int64](t, `9223372036854775807`, 1<<63-1)
	wantValue[int64](t, `-9223372036854775808`, -1<<63)
	wantValue[int64](t, `9007199254740993`, 9007199254740993) // above 2^53: not through float64
	wantNull[int64](t, `null`)
	wantNull[int64](t, `"null"`)
	wantNull[int64](t, `"NULL"`)
	wantNull[int64](t, `""`)
	wantNull[int64](t, `"  "`)
	wantError[int64](t, `"abc"`)
	wantError[int64](t, `7.5`)
	wantError[int64](t, `true`)
	wantError[int64](t, `{}`)
	wantError[int64](t, `[1]`)
	// 2^63 does not fit: an error, not a wrapped negative number.
	wantError[int64](t, `"9223372036854775808"`)
	wantError[int64](t, `9.3e18`)
	wantError[int64](t, `1e400`)
}

func TestOptFloats(t *testing.T) {
	t.Parallel()
	wantValue[float64](t, `0.01381693`, 0.01381693)
	wantValue[float64](t, `"3.146336E-05"`, 3.146336e-05)
	wantValue[float64](t, `" 0.1 "`, 0.1)
	wantValue[float64](t, `0`, 0)
	wantValue[float64](t, `0.00`, 0)
	wantValue[float64](t, `1`, 1)
	wantNull[float64](t, `null`)
	wantNull[float64](t, `"null"`)
	wantNull[float64](t, `""`)
	wantError[float64](t, `"NaN"`)
	wantError[float64](t, `"Inf"`)
	wantError[float64](t, `"1,5"`)
	wantError[float64](t, `[]`)
}

func TestOptBooleans(t *testing.T) {
	t.Parallel()
	wantValue[bool](t, `true`, true)
	wantValue[bool](t, `false`, false)
	wantValue[bool](t, `"true"`, true)
	wantValue[bool](t, `"TRUE"`, true)
	wantValue[bool](t, `"1"`, true)
	wantValue[bool](t, `"0"`, false)
	wantValue[bool](t, `1`, true)
	wantValue[bool](t, `0`, false)
	wantNull[bool](t, `null`)
	wantNull[bool](t, `"null"`)
	wantNull[bool](t, `""`)
	wantError[bool](t, `"yes"`)
	wantError[bool](t, `2`)
}

func TestOptStrings(t *testing.T) {
	t.Parallel()
	wantValue[string](t, `"abc"`, "abc")
	wantValue[string](t, `"  e523d2ed  "`, "e523d2ed") // ids with stray spaces
	wantValue[string](t, `""`, "")                     // empty is a value for strings
	wantValue[string](t, `"Redacted"`, "Redacted")
	wantValue[string](t, `42`, "42")
	wantNull[string](t, `null`)
	wantNull[string](t, `"null"`)
	wantNull[string](t, `" Null "`)
	wantError[string](t, `{"a":1}`)
	wantError[string](t, `["a"]`)
	// Named string types (enums) keep unknown members verbatim.
	wantValue[ClientPlatform](t, `"quantumPhone"`, "quantumPhone")
	wantValue[ConnectionType](t, `"wifi"`, ConnectionWifi)
}

func TestOptTimestamps(t *testing.T) {
	t.Parallel()
	wantValue[time.Time](t, `"2020-02-25T18:52:21.2169889Z"`, time.Date(2020, 2, 25, 18, 52, 21, 216988900, time.UTC))
	wantValue[time.Time](t, `"2023-09-25T09:28:38Z"`, time.Date(2023, 9, 25, 9, 28, 38, 0, time.UTC))
	wantValue[time.Time](t, `"2023-02-28T00:00:00.000+00:00"`, time.Date(2023, 2, 28, 0, 0, 0, 0, time.UTC))
	wantValue[time.Time](t, `"2024-05-02T11:01:02.5+02:00"`, time.Date(2024, 5, 2, 9, 1, 2, 500_000_000, time.UTC))
	wantValue[time.Time](t, `"2024-05-02T09:00:00"`, time.Date(2024, 5, 2, 9, 0, 0, 0, time.UTC))
	wantValue[time.Time](t, `"2024-05-02 09:00:00Z"`, time.Date(2024, 5, 2, 9, 0, 0, 0, time.UTC))
	wantValue[time.Time](t, `"2019-11-01"`, time.Date(2019, 11, 1, 0, 0, 0, 0, time.UTC))
	wantNull[time.Time](t, `"0001-01-01T00:00:00Z"`) // Graph's "no value"
	wantNull[time.Time](t, `"0001-01-01T00:00:00.0000000Z"`)
	wantNull[time.Time](t, `"0002-01-01T00:30:00+01:00"`) // year 1 in UTC
	wantNull[time.Time](t, `null`)
	wantNull[time.Time](t, `""`)
	wantError[time.Time](t, `"yesterday"`)
	wantError[time.Time](t, `1582650741`)
	wantError[time.Time](t, `"9999-12-31T23:59:59-23:59"`) // year 10000 in UTC: RFC 3339 cannot write it
}

func TestOptDurations(t *testing.T) {
	t.Parallel()
	wantValue[Duration](t, `"PT0.016S"`, Duration(16*time.Millisecond))
	wantValue[Duration](t, `" PT1M2.5S "`, Duration(62500*time.Millisecond))
	wantNull[Duration](t, `null`)
	wantNull[Duration](t, `"null"`)
	wantNull[Duration](t, `""`)
	wantError[Duration](t, `5`)
	wantError[Duration](t, `"16ms"`)
	wantError[Duration](t, `"P1M"`)
}

func TestOptTypeErrorIsShort(t *testing.T) {
	t.Parallel()
	_, err := decodeOpt[int64](t, `"`+strings.Repeat("x", 500)+`"`)
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		t.Fatalf("got %v", err)
	}
	if len(te.Value) > 50 {
		t.Errorf("offending value shown in full (%d bytes)", len(te.Value))
	}
}

// optRecord has one Opt of each kind, with omitzero as the model uses it.
type optRecord struct {
	N Opt[int64]     `json:"n,omitzero"`
	F Opt[float64]   `json:"f,omitzero"`
	B Opt[bool]      `json:"b,omitzero"`
	S Opt[string]    `json:"s,omitzero"`
	T Opt[time.Time] `json:"t,omitzero"`
	D Opt[Duration]  `json:"d,omitzero"`
}

// TestOptRoundTrip: absent, null and zero stay three different things
// through marshal and unmarshal.
func TestOptRoundTrip(t *testing.T) {
	t.Parallel()
	f := func(in, wantOut string) {
		t.Helper()
		var r optRecord
		if err := json.Unmarshal([]byte(in), &r); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		out, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if string(out) != wantOut {
			t.Errorf("%s → %s, want %s", in, out, wantOut)
		}
		var back optRecord
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatal(err)
		}
		if back != r {
			t.Errorf("%s: %+v after the round trip, want %+v", in, back, r)
		}
	}
	f(`{}`, `{}`)
	f(`{"n":null,"f":null,"b":null,"s":null,"t":null,"d":null}`, `{"n":null,"f":null,"b":null,"s":null,"t":null,"d":null}`)
	f(`{"n":0,"f":0,"b":false,"s":"","d":"PT0S"}`, `{"n":0,"f":0,"b":false,"s":"","d":"PT0S"}`)
	f(`{"n":"5","f":"3.146336E-05","b":"1","s":" x ","t":"2020-02-25T18:52:21.2169889+00:00","d":"P0DT0H0M0.008S"}`,
		`{"n":5,"f":0.00003146336,"b":true,"s":"x","t":"2020-02-25T18:52:21.2169889Z","d":"PT0.008S"}`)
	f(`{"n":"null","t":"0001-01-01T00:00:00Z","d":""}`, `{"n":null,"t":null,"d":null}`)

	var r optRecord
	_ = json.Unmarshal([]byte(`{"n":null,"f":0}`), &r)
	if r.N.Presence() != Null || r.F.Presence() != Present || r.B.Presence() != Absent {
		t.Errorf("presence: n %v f %v b %v", r.N.Presence(), r.F.Presence(), r.B.Presence())
	}
}

func TestOptAccessors(t *testing.T) {
	t.Parallel()
	some := Some[int64](7)
	if v, ok := some.Get(); !ok || v != 7 || some.Value() != 7 || !some.Valid() || some.IsAbsent() || some.IsNull() || *some.Ptr() != 7 {
		t.Errorf("Some(7) = %+v", some)
	}
	null := NullOf[int64]()
	if null.Valid() || !null.IsNull() || null.IsAbsent() || null.Ptr() != nil || null.String() != "null" {
		t.Errorf("NullOf() = %+v", null)
	}
	var absent Opt[int64]
	if absent.Valid() || absent.IsNull() || !absent.IsAbsent() || absent.String() != "absent" {
		t.Errorf("zero Opt = %+v", absent)
	}
	if s := Some(Duration(16 * time.Millisecond)).String(); s != "PT0.016S" {
		t.Errorf("duration String() = %q", s)
	}
	if s := Some(time.Date(2020, 2, 25, 18, 52, 21, 216988900, time.UTC)).String(); s != "2020-02-25T18:52:21.2169889Z" {
		t.Errorf("time String() = %q", s)
	}
}

// FuzzOptMarshal: Opt writes exactly what encoding/json writes for the
// same value, so that canonical JSON does not depend on which of the two
// encoded it.
func FuzzOptMarshal(f *testing.F) {
	f.Add("plain", 0.016, int64(7), true)
	f.Add("Zoë <b>&\"\\\n\x01\u2028\xff", 1e-7, int64(-1), false)
	f.Add("", 1e21, int64(1<<62), false)
	f.Add("x", -2.5e-9, int64(0), true)
	f.Fuzz(func(t *testing.T, s string, x float64, n int64, b bool) {
		check := func(got []byte, err error, v any) {
			t.Helper()
			want, werr := json.Marshal(v)
			if fv, ok := v.(float64); ok && (math.IsNaN(fv) || math.IsInf(fv, 0)) {
				want, werr = []byte("null"), nil
			}
			if err != nil || werr != nil || string(got) != string(want) {
				t.Fatalf("%#v: Opt wrote %s (%v), encoding/json %s (%v)", v, got, err, want, werr)
			}
		}
		got, err := Some(s).MarshalJSON()
		check(got, err, s)
		got, err = Some(CallType(s)).MarshalJSON()
		check(got, err, s)
		got, err = Some(x).MarshalJSON()
		check(got, err, x)
		got, err = Some(n).MarshalJSON()
		check(got, err, n)
		got, err = Some(b).MarshalJSON()
		check(got, err, b)
		// The faster engine's method (MarshalJSONTo) writes what
		// encoding/json writes through MarshalJSON, durations and
		// timestamps included.
		type all struct {
			S    Opt[string]
			E    Opt[CallType]
			X    Opt[float64]
			N    Opt[int64]
			B    Opt[bool]
			D    Opt[Duration]
			T    Opt[time.Time]
			Null Opt[string]
			None Opt[int64] `json:",omitzero"`
		}
		v := &all{S: Some(s), E: Some(CallType(s)), X: Some(x), N: Some(n), B: Some(b), D: Some(Duration(n)),
			T: Some(time.Unix(0, n).UTC()), Null: NullOf[string]()}
		got, err = MarshalCanonical(v)
		want, werr := json.Marshal(v)
		if err != nil || werr != nil || string(got) != string(want) {
			t.Fatalf("MarshalCanonical wrote %s (%v), encoding/json %s (%v)", got, err, want, werr)
		}
	})
}

// FuzzOptNumbers holds the quick reading of unquoted numbers to the
// general one: the same value, presence and error, for every input.
func FuzzOptNumbers(f *testing.F) {
	for _, s := range []string{"0", "-12", "3.25", "1e3", "1.0", "9223372036854775807", "9223372036854775808", "-0", "1e400", `"7"`, "null", " 5 ", "0x10", "Inf", "1_000"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkNumbers[int64](t, b)
		checkNumbers[float64](t, b)
	})
}

func checkNumbers[T int64 | float64](t *testing.T, b []byte) {
	var quick, general Opt[T]
	errQuick, errGeneral := quick.unmarshalJSON(b, true), general.unmarshalJSON(b, false)
	if quick != general || (errQuick == nil) != (errGeneral == nil) || errQuick != nil && errQuick.Error() != errGeneral.Error() {
		t.Fatalf("%q as %T: quick %+v (%v), general %+v (%v)", b, quick.v, quick, errQuick, general, errGeneral)
	}
}
