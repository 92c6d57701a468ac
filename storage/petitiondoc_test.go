package storage

import (
	"bufio"
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/demo"
)

// TestPetitionDocMatchesEncodingJSON holds the hand-written petition doc to
// encoding/json's bytes: with every field set (a field added to
// cases.Petition and not to appendPetitionDoc fails here), with each field
// alone, with strings that need escaping, and for every petition after every
// event of a demo history.
func TestPetitionDocMatchesEncodingJSON(t *testing.T) {
	check := func(name string, p *cases.Petition) {
		t.Helper()
		want, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := petitionDoc(p); got != string(want) {
			t.Fatalf("%s:\n got %s\nwant %s", name, got, want)
		}
	}
	check("zero", &cases.Petition{})

	strs := []string{"", "DON-2024-000001", `a"b\c`, "<b>&amp;</b>", "x\n\t\r\b\f\x01\x1f\x7f y",
		"Nguyễn Văn Á – đất đai", "bad \xff\xfe utf-8 \xe1\xba", "\u2028\u2029", "emoji 😀"}
	ict := time.Date(2024, 3, 9, 8, 30, 0, 123456789, cases.Zone)
	times := []time.Time{ict, ict.UTC(), ict.In(time.FixedZone("", -5*3600-30*60)), {}, ict.Truncate(time.Second)}
	// every field set, then each field alone, through every sample value
	all := reflect.TypeFor[cases.Petition]()
	var fill func(v reflect.Value, i int)
	fill = func(v reflect.Value, i int) {
		switch v.Kind() {
		case reflect.String:
			v.SetString(strs[i%len(strs)])
		case reflect.Int:
			v.SetInt(int64(i%5 - 1))
		case reflect.Bool:
			v.SetBool(i%2 == 0)
		case reflect.Struct:
			if v.Type() == reflect.TypeFor[time.Time]() {
				v.Set(reflect.ValueOf(times[i%len(times)]))
				return
			}
			for j := range v.NumField() {
				fill(v.Field(j), i+j)
			}
		case reflect.Pointer:
			v.Set(reflect.New(v.Type().Elem()))
			fill(v.Elem(), i)
		default:
			t.Fatalf("cases.Petition has a field of kind %s that this test cannot fill", v.Kind())
		}
	}
	for i := range 3 * len(strs) * len(times) {
		var p cases.Petition
		fill(reflect.ValueOf(&p).Elem(), i)
		check("every field", &p)
		for f := range all.NumField() {
			var one cases.Petition
			fill(reflect.ValueOf(&one).Elem().Field(f), i)
			check(all.Field(f).Name+" alone", &one)
		}
	}

	// a demo history, folded as replay folds it
	var history bytes.Buffer
	if err := demo.Generate(&history, demo.Options{Petitions: 3000, Seed: 7,
		Level: cases.District, From: demo.DistrictFrom, To: demo.DistrictTo}); err != nil {
		t.Fatal(err)
	}
	ps := map[string]*cases.Petition{}
	sc := bufio.NewScanner(&history)
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		c, err := cases.DecodeCommand(sc.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Validate(time.Now()); err != nil {
			t.Fatal(err)
		}
		var p *cases.Petition
		switch {
		case c.Op == cases.OpPetition:
			p = cases.NewPetition(&c, c.RecordedBy)
			ps[c.Ref] = p
		case c.Op.Creates() || c.Op == cases.OpDialogue:
			continue
		default:
			p = ps[c.Petition]
			p.Apply(&c, cases.State(c.Op))
		}
		check(c.Op.Label()+" "+c.Key(), p)
		// and as read back from the table
		var back cases.Petition
		if err := json.Unmarshal([]byte(petitionDoc(p)), &back); err != nil {
			t.Fatal(err)
		}
		check("read back "+c.Key(), &back)
		n++
	}
	if n < 10000 {
		t.Fatalf("only %d petition events in the demo history", n)
	}
}
