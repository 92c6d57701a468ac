package storage

import "testing"

// The chain reads a visit's petition, an archive's duplicate_of and a
// number without decoding the command; what it cannot read so, the JSON
// decoder reads.
func TestRoutingOf(t *testing.T) {
	for data, want := range map[string]routing{
		`{"op":"visit","ref":"LT-1","petition":"DON-1","citizen":{"name":"A","id_number":"05"},"number":"1/2022"}`: {Petition: "DON-1", Number: "1/2022"},
		`{"op":"archive","petition":"DON-2","reason":"duplicate","duplicate_of":"DON-1"}`:                          {Petition: "DON-2", DuplicateOf: "DON-1"},
		`{"op":"petition","ref":"DON-3","summary":"x","received_at":"2022-01-01T08:00:00+07:00"}`:                  {},
		`{"op":"visit","petition":"DON-\"4","number":"2/2022"}`:                                                    {Petition: `DON-"4`, Number: "2/2022"},
		`{"op":"visit","petition":"DON-5","citizen":{"petition":"DON-6"}}`:                                         {Petition: "DON-5"},
	} {
		got, ok := routingOf(data)
		if !ok || got != want {
			t.Errorf("%s: %+v %v, want %+v", data, got, ok, want)
		}
	}
	if _, ok := routingOf(`{"op":"visit","petition":"DON-\`); ok {
		t.Error("unreadable JSON read")
	}
}
