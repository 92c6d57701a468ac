package report

import (
	"strings"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// Names are the names the text of section II.6 gives the committee that runs
// the installation and the units under it. SPEC §4 asks for "the committee's
// own names", and §9 that every label that names a level come from the units
// in force in the period, never from code: the seed's district says "UBND
// huyện" and "UBND các xã, thị trấn", a commune of 2026 says "UBND xã".
type Names struct {
	// Own is the committee's name: "UBND huyện Tuy Phước".
	Own string
	// OwnShort is its name without the place: "UBND huyện".
	OwnShort string
	// Level is the committee's level, when its unit records one: it names
	// the committee, its desk and its departments when the name does not
	// say its level ("UBND cấp xã").
	Level cases.Level
	// Head is its chairman: "Chủ tịch UBND huyện". The seed's section II.6
	// names the own committee, not its chairman, so the text does not use
	// it; the other renderings may.
	Head string
	// Lower names the lower committees together (the own unit's
	// lower_label): "UBND các xã, thị trấn".
	Lower string
	// Units maps the ref of a lower committee to its name: "UBND xã Phước
	// Nghĩa". A unit missing here is named as the figures name it.
	Units map[string]string
	// Desk is the reception office that handles petitions: "Ban Tiếp công
	// dân huyện". Empty: derived from OwnShort.
	Desk string
	// Departments are the committee's departments as the text names them:
	// "các phòng ban huyện". Empty: derived from OwnShort.
	Departments string
	// ReceptionDays are the days of the month of periodic reception (SPEC
	// §3): {9, 24} gives "vào các ngày 09 và 24 hàng tháng".
	// ReceptionWeekdays are its days of the week: {Monday, Thursday} gives
	// "vào thứ Hai và thứ Năm hàng tuần". Both empty: the text names no
	// days. Set them from the plan in force at the end of the period
	// (workflow.Reception.DaysOn).
	ReceptionDays     []int
	ReceptionWeekdays []time.Weekday
	// Area, in an area's report, is how an office names the area where it
	// writes it: "toàn tỉnh" (NamesOf sets "toàn", which withDefaults
	// completes with the committee's level word). Then OwnShort, Desk and
	// Departments name the committee and those under it together: "UBND
	// tỉnh và UBND các xã, phường".
	Area string
}

// DefaultLower names the lower committees when neither the own unit's
// lower_label nor the lower units in force name them.
const DefaultLower = "UBND cấp dưới"

// NamesFrom derives the names of the installation's first committee (key
// "", cases/committee.go) from its units as they stand on day on, the last
// day of the period a report names: NamesOf(units, on, "", false).
func NamesFrom(units []cases.Unit, on cases.Date) Names { return NamesOf(units, on, "", false) }

// NamesOf derives the names of the report of committee key (of its area
// when area) from the installation's units as they stand on day on: the
// committee's own unit in force that day (cases.CommitteeUnit: else the
// first of its line) gives Own, OwnShort (its name without the place name,
// from the name's leading words, else its level), Level, Head and Lower:
// its lower_label, else the level words of the names of the lower units
// and committees under it in force that day ("UBND các xã, phường"), else
// DefaultLower. Every lower unit and every committee under another gives
// Units, in force or not: the figures name the units the cases went to.
// Units without dates are in force at every date, so a history written
// before levels reads as it did. ReceptionDays is SPEC §3's default
// schedule, the 9th and 24th; set it (and ReceptionWeekdays) from the
// committee's plan when that differs. An area's names are its committee's,
// with Area ("toàn tỉnh") and the committees under it beside it where the
// text names who did the work (withDefaults).
func NamesOf(units []cases.Unit, on cases.Date, key string, area bool) Names {
	n := Names{Units: map[string]string{}, ReceptionDays: []int{9, 24}}
	own, ok := cases.CommitteeUnit(units, key, on)
	if ok {
		n.Own = strings.Join(strings.Fields(own.Name), " ")
		n.Lower = strings.TrimSpace(own.LowerLabel)
		n.Level = own.Level
	}
	var lower []string
	for _, u := range units {
		below := u.Kind == cases.Own && u.Parent != ""
		if u.Kind != cases.Lower && !below {
			continue
		}
		n.Units[u.Ref] = u.Name
		if ok && (u.Parent == own.Ref || u.Parent == "" && !below && key == "") && u.InForceOn(on) {
			lower = append(lower, u.Name)
		}
	}
	if n.Lower == "" {
		n.Lower = lowerLabel(lower)
	}
	if area {
		n.Area = "toàn"
	}
	return n.withDefaults()
}

// withDefaults fills what is empty from what is given.
func (n Names) withDefaults() Names {
	if n.OwnShort == "" {
		n.OwnShort = shortName(n.Own)
		if levelOf(n.OwnShort) == "" && n.Level.Valid() {
			n.OwnShort = "UBND " + levelNoun(n.Level)
		}
	}
	if n.Own == "" {
		n.Own = n.OwnShort
	}
	if n.Head == "" {
		n.Head = "Chủ tịch " + n.OwnShort
	}
	if n.Lower == "" {
		n.Lower = DefaultLower
	}
	level := levelOf(n.OwnShort)
	if n.Desk == "" {
		n.Desk = deskOf(level)
	}
	if n.Departments == "" {
		n.Departments = departmentsOf(level)
	}
	if n.Area == "toàn" {
		word := strings.TrimPrefix(level, "cấp ")
		if word == "" {
			word = "địa bàn"
		}
		n.Area = "toàn " + word
		below := strings.TrimPrefix(n.Lower, "UBND ")
		n.OwnShort += " và " + n.Lower
		n.Desk += " và bộ phận tiếp công dân " + below
		n.Departments += " và các cơ quan chuyên môn của " + n.Lower
	}
	return n
}

// AreaWords are the words that name the area of an area's report after the
// heading: "trên địa bàn tỉnh"; "" for one committee's.
func (n Names) AreaWords() string {
	if n.Area == "" {
		return ""
	}
	return "trên địa bàn " + strings.TrimPrefix(n.Area, "toàn ")
}

// levelNoun is how a name says level l when no word of a place does: "cấp
// xã".
func levelNoun(l cases.Level) string { return strings.ToLower(l.Label()) }

// lowerOrder is the order in which a label names the kinds of lower
// committees, as offices write them: "UBND các huyện, thị xã, thành phố",
// "UBND các xã, phường, thị trấn".
var lowerOrder = []string{"huyện", "quận", "thị xã", "thành phố", "xã", "phường", "thị trấn", "đặc khu"}

// lowerLabel names the lower committees named names together by the level
// words their names start with: "UBND xã Phước Lộc" and "UBND thị trấn
// Tuy Phước" give "UBND các xã, thị trấn". It gives "" when there are none,
// or when a name does not say its level.
func lowerLabel(names []string) string {
	seen := map[string]bool{}
	for _, name := range names {
		l := levelOf(shortName(name))
		if l == "" {
			return ""
		}
		seen[l] = true
	}
	var words []string
	for _, l := range lowerOrder {
		if seen[l] {
			words = append(words, l)
		}
	}
	if len(words) == 0 {
		return ""
	}
	return "UBND các " + strings.Join(words, ", ")
}

// levelWords are the words that name a committee's level, longest first so
// that "thị xã" is not read as "xã".
var levelWords = []string{"thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "huyện", "quận", "tỉnh", "xã"}

// shortName is the committee's name without its place: "UBND huyện Tuy
// Phước" → "UBND huyện", "Ủy ban nhân dân tỉnh Bình Định" → "UBND tỉnh",
// "UBND TP Quy Nhơn" → "UBND thành phố". A name it cannot read is kept
// whole; no name gives "UBND".
func shortName(name string) string {
	name = strings.Join(strings.Fields(name), " ")
	if name == "" {
		return "UBND"
	}
	rest, ok := cutPrefixFold(name, "UBND ")
	if !ok {
		for _, long := range []string{"Ủy ban nhân dân ", "Uỷ ban nhân dân "} {
			if rest, ok = cutPrefixFold(name, long); ok {
				break
			}
		}
	}
	if !ok {
		return name
	}
	for _, tp := range []string{"TP. ", "TP "} {
		if strings.HasPrefix(rest, tp) {
			return "UBND thành phố"
		}
	}
	for _, l := range levelWords {
		if r, ok := cutPrefixFold(rest, l); ok && (r == "" || r[0] == ' ') {
			return "UBND " + l
		}
	}
	return name
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// levelOf is the level word of a short name: "UBND huyện" → "huyện",
// "UBND cấp xã" → "cấp xã".
func levelOf(short string) string {
	rest, ok := strings.CutPrefix(short, "UBND ")
	if !ok {
		return ""
	}
	for _, l := range cases.Levels {
		if rest == levelNoun(l) {
			return rest
		}
	}
	for _, l := range levelWords {
		if rest == l {
			return l
		}
	}
	return ""
}

// deskOf names the reception office of a level. Provinces and the former
// districts have a Ban Tiếp công dân (Luật TCD Art. 12, 13); communes have
// none, even after Luật 136/2025, and receive citizens through the
// committee's own officers.
func deskOf(level string) string {
	switch {
	case hasBan(level):
		return "Ban Tiếp công dân " + level
	case level == "":
		return "Bộ phận tiếp công dân"
	default:
		return "Bộ phận tiếp công dân UBND " + level
	}
}

// hasBan reports whether a committee of the level word has a Ban Tiếp công
// dân.
func hasBan(level string) bool {
	switch level {
	case "tỉnh", "thành phố", "huyện", "quận", "thị xã", "cấp tỉnh", "cấp huyện":
		return true
	}
	return false
}

// DeskHeading is the reception office as the heading of a paper it issues
// names it, under the committee's name: "BAN TIẾP CÔNG DÂN" for a committee
// that has a Ban Tiếp công dân (a province, a former district), "BỘ PHẬN
// TIẾP CÔNG DÂN" for a commune.
func (n Names) DeskHeading() string {
	own, _, _ := strings.Cut(n.withDefaults().OwnShort, " và ") // an area's: its committee's
	if hasBan(levelOf(own)) {
		return "BAN TIẾP CÔNG DÂN"
	}
	return "BỘ PHẬN TIẾP CÔNG DÂN"
}

// departmentsOf names the departments of a level the way its reports do: the
// seed's district writes "các phòng ban huyện"; a province has sở; the
// general word, right for every level, is "cơ quan chuyên môn".
func departmentsOf(level string) string {
	switch level {
	case "tỉnh":
		return "các sở, ban, ngành tỉnh"
	case "cấp tỉnh":
		return "các sở, ban, ngành"
	case "huyện", "quận", "thị xã", "cấp huyện":
		return "các phòng ban " + level
	case "":
		return "các cơ quan chuyên môn"
	default:
		return "các cơ quan chuyên môn " + level
	}
}
