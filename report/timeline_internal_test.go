package report

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// timelineCommands is a petition's history with personal data and free text
// everywhere the interchange allows it.
var timelineCommands = []string{
	`{"op":"petition","ref":"P-1","received_at":"2023-03-01T08:00:00+07:00","channel":"reception","petitioner":{"name":"Nguyễn Thị Bảo Mật","id_number":"052080009999","address":"thôn Bí Mật","phone":"0905000111"},"people":3,"summary":"Tố cáo ông Trần Văn Kín nhận hối lộ"}`,
	`{"op":"visit","ref":"V-1","at":"2023-03-01T09:00:00+07:00","kind":"regular","petition":"P-1","people":3,"citizen":{"name":"Nguyễn Thị Bảo Mật"}}`,
	`{"op":"classify","petition":"P-1","at":"2023-03-02T08:00:00+07:00","type":"denunciation","field":"corruption","eligible":true,"complex":"complex","instance":1}`,
	`{"op":"route","petition":"P-1","at":"2023-03-03T08:00:00+07:00","to":"lower","unit":"xa-a","method":"assign"}`,
	`{"op":"accept","petition":"P-1","at":"2023-03-06T08:00:00+07:00"}`,
	`{"op":"extend","petition":"P-1","at":"2023-04-01T08:00:00+07:00","days":30}`,
	`{"op":"suspend","petition":"P-1","at":"2023-04-02T08:00:00+07:00","reason":"chờ kết quả giám định chữ ký của bà Bảo Mật"}`,
	`{"op":"resume","petition":"P-1","at":"2023-04-20T08:00:00+07:00"}`,
	`{"op":"resolve","petition":"P-1","at":"2023-05-02T08:00:00+07:00","verdict":"partly_correct","decision":"Quyết định 99/QĐ-UBND về ông Trần Văn Kín"}`,
	`{"op":"implement","petition":"P-1","at":"2023-05-20T08:00:00+07:00"}`,
}

func timelineOf(t *testing.T, lines []string) (Timeline, []cases.Command, []cases.State) {
	t.Helper()
	states := []cases.State{"", "", cases.Classified, cases.RoutedLower, cases.Accepted, cases.Accepted,
		cases.Suspended, cases.Accepted, cases.Resolved, cases.Implemented}
	var tl Timeline
	var cmds []cases.Command
	recorded := time.Date(2023, 6, 1, 0, 0, 0, 0, cases.Zone)
	for i, l := range lines {
		c, err := cases.DecodeCommand([]byte(l))
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Validate(recorded); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		tl = AppendTimeline(tl, &c, states[i], c.AtTime().UnixMicro(), recorded.Add(time.Duration(i)*time.Hour).UnixMicro(), int64(i+1))
		cmds = append(cmds, c)
	}
	return tl, cmds, states
}

// A timeline holds no personal data and no free text.
func TestTimelineHoldsNoPersonalData(t *testing.T) {
	tl, _, _ := timelineOf(t, timelineCommands)
	for _, secret := range []string{"Bảo Mật", "052080009999", "0905000111", "Trần Văn Kín", "hối lộ", "giám định", "99/QĐ"} {
		if bytes.Contains(tl, []byte(secret)) {
			t.Errorf("the timeline holds %q", secret)
		}
	}
}

// Folded to the end of any day, a timeline gives the petition that
// cases.Petition's own fold of the commands dated by then gives, but the
// personal data and free text it leaves out; as of an instant, only what was
// recorded by then.
func TestTimelineFoldsAsThePetition(t *testing.T) {
	tl, cmds, states := timelineOf(t, timelineCommands)
	var r timelineReader
	for day := cases.Date(19416); day <= 19500; day++ { // 2023-02-28 .. 2023-05-23
		var want *cases.Petition
		for i := range cmds {
			c := &cmds[i]
			if cases.DateOf(c.AtTime()) > day {
				continue
			}
			switch c.Op {
			case cases.OpPetition:
				want = cases.NewPetition(c, "")
			case cases.OpVisit:
			default:
				want.Apply(c, states[i])
			}
		}
		var got cases.Petition
		f, err := foldTimeline(&r, "P-1", tl, day, noAsOf, &got, nil)
		if err != nil {
			t.Fatal(err)
		}
		if want == nil {
			if f.created {
				t.Errorf("%s: created before its receipt", day)
			}
			continue
		}
		// What the timeline leaves out.
		want.Petitioner, want.Summary, want.People, want.CloseReason, want.Decision = cases.Person{}, "", 0, "", ""
		// Compared as JSON: the times are the same instants, in the
		// zone of a parsed offset or of cases.Zone.
		g, _ := json.Marshal(&got)
		w, _ := json.Marshal(want)
		if !f.created || string(g) != string(w) {
			t.Errorf("%s:\n got %s\nwant %s", day, g, w)
		}
		if f.visited != (day >= 19417) {
			t.Errorf("%s: visited %v", day, f.visited)
		}
	}
	// As of the recording of the route (the fourth command), the accept and
	// what follows are not seen.
	asOf := time.Date(2023, 6, 1, 3, 0, 0, 0, cases.Zone).UnixMicro()
	var got cases.Petition
	if _, err := foldTimeline(&r, "P-1", tl, 19500, asOf, &got, nil); err != nil {
		t.Fatal(err)
	}
	if got.State != cases.RoutedLower || got.AcceptedAt != nil || got.Type != cases.Denunciation {
		t.Errorf("as of the route: %+v", got)
	}
}
