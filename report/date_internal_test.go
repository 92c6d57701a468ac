package report

import (
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

func TestDateOfIsCasesDateOf(t *testing.T) {
	for _, s := range []string{"2023-03-01T00:00:00+07:00", "2023-02-28T23:59:59.999+07:00", "2023-03-01T16:59:59Z",
		"2023-03-01T17:00:00Z", "1969-12-31T16:59:59Z", "1969-12-31T17:00:00Z", "1900-01-01T00:00:00-12:00", "2124-02-29T23:00:00+14:00"} {
		tm, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := dateOf(tm), cases.DateOf(tm); got != want {
			t.Errorf("%s: %s, want %s", s, got, want)
		}
	}
}
