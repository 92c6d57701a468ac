package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// Version is the version of the figures' JSON: a path of version 1 never
// changes meaning; more paths may be added.
const Version = 1

// Figures are the statistics of section II.6 for one period (SPEC §4). The
// JSON of a Figures value is the contract: its paths are SPEC §4's.
type Figures struct {
	Version int `json:"version"`
	// Period is P; PreviousPeriod is P', the same dates a year earlier.
	Period         Period `json:"period"`
	PreviousPeriod Period `json:"previous_period"`
	// AsOf, when set, is the instant after which recorded events were
	// ignored; nil means everything recorded counts.
	AsOf *time.Time `json:"as_of"`
	// AsOfDay, set only when P had not ended on the day the report was made
	// (or by as_of), is the day whose end the figures describe (SPEC §9,
	// "Unfinished periods"); PreviousAsOfDay is the same day a year
	// earlier, where P' is cut. Both are absent for a period reported whole.
	AsOfDay         *cases.Date `json:"as_of_day,omitempty"`
	PreviousAsOfDay *cases.Date `json:"previous_as_of_day,omitempty"`
	// Committee and CommitteeName name the committee reported in an
	// installation of several (SPEC §10): the ref and name of its own unit
	// in force at EndDay. Area says the report is of that committee and
	// every committee under it ("toàn tỉnh"); absent for one committee's.
	Committee     string `json:"committee,omitempty"`
	CommitteeName string `json:"committee_name,omitempty"`
	Area          bool   `json:"area,omitempty"`

	Reception          Reception          `json:"reception"`
	ReceptionPetitions ReceptionPetitions `json:"reception_petitions"`
	Received           Received           `json:"received"`
	ReceivedByType     ReceivedByType     `json:"received_by_type"`
	Resolution         Resolution         `json:"resolution"`
	Other              Other              `json:"other"`
	Handling           Handling           `json:"handling"`

	// Committees are, in an area's report, each committee's own report
	// (committee, committee_name and its figures), the area's committee
	// first, then those under it as cases.Area lists them: the table of the
	// committees side by side.
	Committees []Figures `json:"committees,omitempty"`

	// Chain is the head of the history the figures were computed from and
	// its signature (chain.go). Compute leaves it nil: whoever reads the
	// history's head sets it (the command line, the server), and the text
	// of section II.6 never shows it.
	Chain *Chain `json:"chain,omitempty"`
}

// EndDay is the day whose end the figures describe: AsOfDay for a period
// not ended when reported, else the period's last day. The names of units
// and the reception plan in force are those of that day.
func (f *Figures) EndDay() cases.Date {
	if f.AsOfDay != nil {
		return *f.AsOfDay
	}
	return f.Period.To
}

// WriteJSON writes the figures as indented JSON followed by a newline.
func (f *Figures) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(f)
}

// Reception is the citizen reception of P (form 01/TCD) and, in Previous,
// of P'.
type Reception struct {
	ReceptionFigures
	Previous ReceptionFigures `json:"previous"`
}

// ReceptionFigures count the sessions and visits of one period.
type ReceptionFigures struct {
	// Sessions held (kỳ tiếp, "cuộc"), by kind; regular reception has none.
	Sessions SessionCounts `json:"sessions"`
	// Visits (lượt tiếp) dated in the period, by kind.
	Visits KindCounts `json:"visits"`
	// People is the sum of the people of those visits, by kind.
	People KindCounts `json:"people"`
	// Cases counts the distinct matters (vụ việc) of those visits, by kind;
	// Total counts a matter once even when visited in several kinds.
	Cases KindCounts `json:"cases"`
	// FirstTime are the visits that are the first visit ever of their matter
	// (tiếp lần đầu) and their matters; Repeat the others (tiếp nhiều lần).
	FirstTime VisitCases `json:"first_time"`
	Repeat    VisitCases `json:"repeat"`
	// Groups are the visits of at least the group threshold of people
	// (đoàn đông người).
	Groups GroupCounts `json:"groups"`
	// Online are the sessions and visits held online (tiếp trực tuyến,
	// SPEC §9), the visits' people and their distinct matters.
	Online OnlineCounts `json:"online"`
}

// OnlineCounts count online reception: sessions, visits (online
// themselves or at an online session), their people and distinct matters.
type OnlineCounts struct {
	Sessions int `json:"sessions"`
	Visits   int `json:"visits"`
	People   int `json:"people"`
	Cases    int `json:"cases"`
}

// SessionCounts count sessions by kind.
type SessionCounts struct {
	Periodic int `json:"periodic"` // tiếp định kỳ
	AdHoc    int `json:"adhoc"`    // tiếp đột xuất
	Total    int `json:"total"`
}

// KindCounts count by kind of reception.
type KindCounts struct {
	Regular  int `json:"regular"`  // tiếp thường xuyên
	Periodic int `json:"periodic"` // tiếp định kỳ
	AdHoc    int `json:"adhoc"`    // tiếp đột xuất
	Total    int `json:"total"`
}

// VisitCases count visits and their distinct matters.
type VisitCases struct {
	Visits int `json:"visits"`
	Cases  int `json:"cases"`
}

// GroupCounts count group visits, their people and their distinct matters.
type GroupCounts struct {
	Visits int `json:"visits"`
	People int `json:"people"`
	Cases  int `json:"cases"`
}

// ReceptionPetitions are the petitions received through reception in P
// (form 02/TCD) and where each went.
type ReceptionPetitions struct {
	Petitions     int                   `json:"petitions"`
	Cases         int                   `json:"cases"`
	ByDestination ReceptionDestinations `json:"by_destination"`
	// SentOn are the petitions of ByDestination.Lower, Judicial and Other
	// (sent on to lower committees, the judiciary, other agencies) by the
	// method of their route: the text names those methods (SPEC §9).
	SentOn Methods `json:"sent_on"`
}

// Methods count petitions by the method they left the desk by (SPEC §1):
// the text of a line that counts petitions sent on uses the words of the
// methods present (SPEC §9: "giao", "chuyển đơn", "hướng dẫn", "đôn đốc").
type Methods struct {
	Assign   int `json:"assign"`   // giao
	Transfer int `json:"transfer"` // chuyển đơn
	Guide    int `json:"guide"`    // hướng dẫn
	Urge     int `json:"urge"`     // đôn đốc
}

// add counts one petition that left by m.
func (ms *Methods) add(m cases.Method) {
	switch m {
	case cases.Assign:
		ms.Assign++
	case cases.Transfer:
		ms.Transfer++
	case cases.Guide:
		ms.Guide++
	case cases.Urge:
		ms.Urge++
	}
}

// ReceptionDestinations split reception petitions by where they went: the
// destination of the route (even if terminated later); else archived or
// terminated; else pending. They add up to the petitions.
type ReceptionDestinations struct {
	Own        int `json:"own"`      // thuộc thẩm quyền: giao cơ quan chuyên môn
	Lower      int `json:"lower"`    // hướng dẫn, chuyển cấp dưới
	Judicial   int `json:"judicial"` // cơ quan hoạt động tư pháp
	Other      int `json:"other"`    // cơ quan khác
	Archived   int `json:"archived"` // lưu đơn
	Terminated int `json:"terminated"`
	Pending    int `json:"pending"` // chưa xử lý
}

// Received are the complaints and denunciations received in P through any
// channel; Total is complaints plus denunciations.
type Received struct {
	Complaint    ReceivedFigures `json:"complaint"`
	Denunciation ReceivedFigures `json:"denunciation"`
	Total        ReceivedFigures `json:"total"`
}

// ReceivedByType are all the petitions received in P through any channel,
// by their type as last classified, with a line for those no type holds:
// not classified, or archived (lưu đơn) before any classification. They add
// up to Total, which is also the sum of Handling's four figures, so that a
// page's "tổng số đơn" adds up from the lines under it.
type ReceivedByType struct {
	Complaint      int `json:"complaint"`      // khiếu nại
	Denunciation   int `json:"denunciation"`   // tố cáo
	Recommendation int `json:"recommendation"` // kiến nghị
	Reflection     int `json:"reflection"`     // phản ánh
	Unclassified   int `json:"unclassified"`   // chưa phân loại
	Archived       int `json:"archived"`       // lưu đơn, không phân loại
	Total          int `json:"total"`
}

// add counts one petition received, of type t ("" unclassified), archived
// or not.
func (r *ReceivedByType) add(t cases.Type, archived bool) {
	switch {
	case t == cases.Complaint:
		r.Complaint++
	case t == cases.Denunciation:
		r.Denunciation++
	case t == cases.Recommendation:
		r.Recommendation++
	case t == cases.Reflection:
		r.Reflection++
	case archived:
		r.Archived++
	default:
		r.Unclassified++
	}
	r.Total++
}

// ReceivedFigures count the petitions of one type received in a period.
type ReceivedFigures struct {
	Petitions int `json:"petitions"`
	// Cases counts their distinct matters (for Total: over complaints and
	// denunciations together, so a matter with one of each counts once).
	Cases int `json:"cases"`
	// PreviousPetitions is Petitions for P'.
	PreviousPetitions int                  `json:"previous_petitions"`
	ByDestination     ReceivedDestinations `json:"by_destination"`
}

// ReceivedDestinations split received petitions by competence; they add up to
// the petitions.
type ReceivedDestinations struct {
	Own   int `json:"own"`   // routed to a department of the committee
	Lower int `json:"lower"` // routed to a lower committee
	// Other: routed to judicial or other agencies, archived, or terminated
	// before any route.
	Other   int `json:"other"`
	Pending int `json:"pending"`
}

// Resolution are the results of resolving complaints and denunciations
// (forms KQGQ).
type Resolution struct {
	Complaint    ResolutionByCompetence `json:"complaint"`
	Denunciation ResolutionByCompetence `json:"denunciation"`
}

// ResolutionByCompetence splits one type by where its last route went.
type ResolutionByCompetence struct {
	Own   ResolutionFigures `json:"own"`
	Lower LowerResolution   `json:"lower"`
}

// LowerResolution are the figures of all lower committees together and of
// each lower committee with any non-zero figure.
type LowerResolution struct {
	ResolutionFigures
	Units []UnitResolution `json:"units"`
}

// UnitResolution are the figures of one lower committee.
type UnitResolution struct {
	Unit     string `json:"unit"`      // the unit's ref
	UnitName string `json:"unit_name"` // its name, or its ref if unknown
	ResolutionFigures
}

// ResolutionFigures are the results over the accepted petitions of one type
// and competence.
type ResolutionFigures struct {
	// CarriedOver were accepted before P and not resolved or terminated
	// before P (kỳ trước chuyển sang); Accepted were accepted in P (thụ lý
	// mới). MustResolve is their sum (phải giải quyết).
	CarriedOver int `json:"carried_over"`
	Accepted    int `json:"accepted"`
	MustResolve int `json:"must_resolve"`
	// Resolved and Terminated in P, among MustResolve; InProgress the rest
	// (đang giải quyết).
	Resolved   int `json:"resolved"`
	Terminated int `json:"terminated"`
	InProgress int `json:"in_progress"`
	// Rate is Resolved / MustResolve × 100 with two decimals, nil (null)
	// when MustResolve is 0.
	Rate *Percent `json:"rate"`
	// Verdicts of those resolved in P.
	Verdicts Verdicts `json:"verdicts"`
	// Implemented counts the implement events in P (đã thực hiện quyết
	// định), whenever the petition was resolved.
	Implemented int `json:"implemented"`
	// OnTime and Late: resolved in P on or before / after the resolution
	// deadline. Overdue: in progress with a deadline before the end of P.
	OnTime  int `json:"on_time"`
	Late    int `json:"late"`
	Overdue int `json:"overdue"`
	// SecondInstance, of complaints only (own and lower together; nil
	// elsewhere), are the resolved of instance 2 and their outcomes.
	SecondInstance *SecondInstance `json:"second_instance,omitempty"`
}

// SecondInstance count, among the complaints resolved in P, those of
// instance 2 (as last classified) and what their decision did to the
// first-instance one (SPEC §9). A decision recorded without an outcome
// counts in Resolved only.
type SecondInstance struct {
	Resolved int `json:"resolved"`
	Upheld   int `json:"upheld"`   // công nhận quyết định giải quyết lần đầu
	Annulled int `json:"annulled"` // hủy bỏ
	Amended  int `json:"amended"`  // sửa đổi
}

// Verdicts count the verdicts of resolved complaints or denunciations.
type Verdicts struct {
	Correct       int `json:"correct"`        // đúng
	Incorrect     int `json:"incorrect"`      // sai
	PartlyCorrect int `json:"partly_correct"` // đúng một phần
}

// Other are the recommendations and reflections routed in P (kiến nghị,
// phản ánh: "chuyển đơn, hướng dẫn … đơn/… vụ").
type Other struct {
	Petitions int `json:"petitions"`
	Cases     int `json:"cases"`
	// ByMethod are the petitions by the method of their route.
	ByMethod Methods `json:"by_method"`
}

// Handling splits the petitions received in P by whether they left the desk
// (route, archive or terminate) by their handling deadline.
type Handling struct {
	OnTime int `json:"on_time"`
	Late   int `json:"late"`
	// Pending were not handled by the end of P: in time if their deadline is
	// not before P's last day, overdue otherwise.
	PendingInTime  int `json:"pending_in_time"`
	PendingOverdue int `json:"pending_overdue"`
}

// Percent is a percentage in hundredths of a percent (3333 is 33.33%), so that
// it is exact and prints with two decimals.
type Percent int64

// Ratio returns part / whole × 100 rounded half up to two decimals, or nil
// when whole is 0.
func Ratio(part, whole int) *Percent {
	if whole <= 0 {
		return nil
	}
	p := Percent((int64(part)*20000 + int64(whole)) / (2 * int64(whole)))
	return &p
}

// Float is the percentage as a number (33.33).
func (p Percent) Float() float64 { return float64(p) / 100 }

// String writes the percentage with two decimals: "33.33".
func (p Percent) String() string {
	sign := ""
	if p < 0 {
		sign, p = "-", -p
	}
	return fmt.Sprintf("%s%d.%02d", sign, p/100, p%100)
}

// MarshalJSON writes the percentage as a JSON number with two decimals.
func (p Percent) MarshalJSON() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalJSON reads a JSON number.
func (p *Percent) UnmarshalJSON(b []byte) error {
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("rate: %w", err)
	}
	*p = Percent(f*100 + 0.5)
	if f < 0 {
		*p = Percent(f*100 - 0.5)
	}
	return nil
}
