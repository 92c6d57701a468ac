package workflow

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// The working-day calendar of a public office: Monday to Friday, less the
// official days off, plus the Saturdays made working days by a swap.
//
// Working days cannot be derived from rules alone: the Prime Minister fixes the
// Tết break and the day next to 2 September every year and the Government
// often swaps a working day to join two days off. So the days are a table,
// year by year, shipped as data (holidays.json) that an administrator extends
// when the next year is announced. For a year the table lacks, the calendar
// falls back on a suggestion computed from the Labour Code and the lunar
// calendar, which is better than counting weekends alone and which the next
// announcement replaces.

//go:embed holidays.json
var embeddedHolidays []byte

// Skipped is a day off that a deadline stepped over, with the reason it was
// off, so that a deadline can say why it ends where it does.
type Skipped struct {
	Date cases.Date `json:"date"`
	Why  string     `json:"why"`
}

// calendarEntry is one day of a year's calendar other than an ordinary weekday
// or weekend: an official day off, or a weekly rest day made a working day.
// WriteYear shows them; DayOff answers from them.
type calendarEntry struct {
	Date cases.Date
	// Name is what the office calls the day: "Nghỉ Tết Nguyên đán".
	Name string
	// Note says where the day comes from: the legal text or the announcement.
	Note string
	// Provisional marks a day the table lists before it was announced.
	Provisional bool
	// Computed marks a day suggested for a year the table lacks.
	Computed bool
	// Edit is the administrator's edit that put the day there, nil for a
	// day of the table or of the suggestion.
	Edit *CalendarEdit
}

// calendarYear is one year of the calendar, from the table or suggested.
type calendarYear struct {
	year        int
	inTable     bool
	note        string
	tet, hung   cases.Date
	daysOff     []calendarEntry // by date
	workingDays []calendarEntry // by date
	off, work   map[cases.Date]calendarEntry
	// edits are the administrator's edits of the year, in the order they
	// were recorded (calendar_edit.go).
	edits []CalendarEdit
}

func (y *calendarYear) index() {
	slices.SortFunc(y.daysOff, func(a, b calendarEntry) int { return int(a.Date - b.Date) })
	slices.SortFunc(y.workingDays, func(a, b calendarEntry) int { return int(a.Date - b.Date) })
	y.off = make(map[cases.Date]calendarEntry, len(y.daysOff))
	for _, e := range y.daysOff {
		y.off[e.Date] = e
	}
	y.work = make(map[cases.Date]calendarEntry, len(y.workingDays))
	for _, e := range y.workingDays {
		y.work[e.Date] = e
	}
}

// Calendar tells working days from days off. It is immutable once built and
// safe for concurrent use; Merge makes a new one.
type Calendar struct {
	years map[int]*calendarYear
	// suggested caches the computed years the table lacks.
	suggested sync.Map // int → *calendarYear
}

var defaultCalendar = sync.OnceValue(func() *Calendar {
	c, err := LoadCalendar(bytes.NewReader(embeddedHolidays))
	if err != nil {
		panic("workflow: embedded holidays.json: " + err.Error())
	}
	return c
})

// DefaultCalendar returns the calendar of the holiday table shipped with
// tiepdan (2021–2027), parsed once.
func DefaultCalendar() *Calendar { return defaultCalendar() }

// The holiday table's file format, version 1. A day off or a working day is a
// single "date" or a "from"–"to" range (a Tết break); every entry names its
// source.
type holidayFile struct {
	Version int           `json:"version"`
	Note    string        `json:"note,omitempty"`
	Years   []holidayYear `json:"years"`
}

type holidayYear struct {
	Year        int           `json:"year"`
	Tet         *cases.Date   `json:"tet"`
	HungKings   *cases.Date   `json:"hung_kings"`
	Source      string        `json:"source,omitempty"`
	DaysOff     []holidayItem `json:"days_off"`
	WorkingDays []holidayItem `json:"working_days"`
}

type holidayItem struct {
	Date        *cases.Date `json:"date,omitempty"`
	From        *cases.Date `json:"from,omitempty"`
	To          *cases.Date `json:"to,omitempty"`
	Name        string      `json:"name"`
	Source      string      `json:"source"`
	Provisional bool        `json:"provisional,omitempty"`
}

// maxHolidayRange bounds a from–to range: the longest break so far is nine
// days, and a longer range is far more likely a typing error.
const maxHolidayRange = 16

// LoadCalendar reads a holiday table (the format of holidays.json) and checks
// it: known fields only, every date inside its year, no day listed twice,
// working-day exceptions only on a Saturday or Sunday, Tết and the Hùng Kings'
// day listed as days off. Errors are invalid-input errors naming the entry.
func LoadCalendar(r io.Reader) (*Calendar, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var f holidayFile
	if err := dec.Decode(&f); err != nil {
		return nil, cases.Errorf(cases.EInvalid, "holiday table: %v", err)
	}
	if f.Version != 1 {
		return nil, cases.FieldErrorf("version", "holiday table version %d is not supported (want 1)", f.Version)
	}
	c := &Calendar{years: make(map[int]*calendarYear, len(f.Years))}
	for i, hy := range f.Years {
		y, err := hy.parse(fmt.Sprintf("years[%d]", i))
		if err != nil {
			return nil, err
		}
		if _, dup := c.years[y.year]; dup {
			return nil, cases.FieldErrorf(fmt.Sprintf("years[%d].year", i), "year %d is listed twice", y.year)
		}
		c.years[y.year] = y
	}
	return c, nil
}

func (hy *holidayYear) parse(field string) (*calendarYear, error) {
	if hy.Year < 1900 || hy.Year > 2199 {
		return nil, cases.FieldErrorf(field+".year", "year %d is outside 1900–2199", hy.Year)
	}
	y := &calendarYear{year: hy.Year, inTable: true, note: hy.Source}
	seen := make(map[cases.Date]string)
	add := func(list *[]calendarEntry, items []holidayItem, name string, working bool) error {
		for i, it := range items {
			f := fmt.Sprintf("%s.%s[%d]", field, name, i)
			days, err := it.days(f, hy.Year)
			if err != nil {
				return err
			}
			for _, d := range days {
				if prev, dup := seen[d]; dup {
					return cases.FieldErrorf(f, "%s is already listed as %q", d, prev)
				}
				seen[d] = it.Name
				if working && !weekend(d) {
					return cases.FieldErrorf(f, "working day %s is a %s, already a working day: only a Saturday or Sunday can be made one", d, weekdayLabel(d))
				}
				*list = append(*list, calendarEntry{Date: d, Name: it.Name, Note: it.Source, Provisional: it.Provisional})
			}
		}
		return nil
	}
	if err := add(&y.daysOff, hy.DaysOff, "days_off", false); err != nil {
		return nil, err
	}
	if err := add(&y.workingDays, hy.WorkingDays, "working_days", true); err != nil {
		return nil, err
	}
	y.index()
	for _, h := range []struct {
		name string
		d    *cases.Date
		dst  *cases.Date
	}{{"tet", hy.Tet, &y.tet}, {"hung_kings", hy.HungKings, &y.hung}} {
		f := field + "." + h.name
		switch {
		case h.d == nil:
			return nil, cases.FieldErrorf(f, "missing: the table gives the year's %s date", h.name)
		case yearOf(*h.d) != hy.Year:
			return nil, cases.FieldErrorf(f, "%s is not in %d", *h.d, hy.Year)
		}
		if _, off := y.off[*h.d]; !off {
			return nil, cases.FieldErrorf(f, "%s is not among the year's days off", *h.d)
		}
		*h.dst = *h.d
	}
	return y, nil
}

// days returns the dates of one table entry.
func (it *holidayItem) days(field string, year int) ([]cases.Date, error) {
	if it.Name == "" {
		return nil, cases.FieldErrorf(field+".name", "missing: every day needs its Vietnamese name")
	}
	if it.Source == "" {
		return nil, cases.FieldErrorf(field+".source", "missing: every day needs its source")
	}
	var from, to cases.Date
	switch {
	case it.Date != nil && it.From == nil && it.To == nil:
		from, to = *it.Date, *it.Date
	case it.Date == nil && it.From != nil && it.To != nil:
		from, to = *it.From, *it.To
	default:
		return nil, cases.FieldErrorf(field, "give either date, or from and to")
	}
	switch {
	case to < from:
		return nil, cases.FieldErrorf(field, "from %s is after to %s", from, to)
	case int(to-from) >= maxHolidayRange:
		return nil, cases.FieldErrorf(field, "%s–%s spans more than %d days", from, to, maxHolidayRange)
	case yearOf(from) != year || yearOf(to) != year:
		return nil, cases.FieldErrorf(field, "%s–%s is not inside %d", from, to, year)
	}
	out := make([]cases.Date, 0, int(to-from)+1)
	for d := from; d <= to; d++ {
		out = append(out, d)
	}
	return out, nil
}

// Merge returns a calendar with the years of c and those of o; a year o lists
// replaces the same year of c whole, because an announcement replaces the
// suggestion or the draft it follows. Neither calendar changes. Merge the
// files first and lay the administrator's edits over the result last
// (WithEdits): a year of o drops the edits of that year in c.
func (c *Calendar) Merge(o *Calendar) *Calendar {
	m := &Calendar{years: maps.Clone(c.years)}
	maps.Copy(m.years, o.years)
	return m
}

// Covers reports whether the holiday table has the given year; without it the
// calendar uses computed suggestions.
func (c *Calendar) Covers(year int) bool {
	_, ok := c.years[year]
	return ok
}

// Years lists the years of the holiday table in order.
func (c *Calendar) Years() []int {
	return slices.Sorted(maps.Keys(c.years))
}

// year returns the table's year, or the computed suggestion.
func (c *Calendar) year(y int) *calendarYear {
	if t, ok := c.years[y]; ok {
		return t
	}
	if s, ok := c.suggested.Load(y); ok {
		return s.(*calendarYear)
	}
	s, _ := c.suggested.LoadOrStore(y, suggestYear(y))
	return s.(*calendarYear)
}

// DayOff reports whether d is a day off and why, in Vietnamese: the holiday's
// name ("Nghỉ Tết Nguyên đán", "Nghỉ bù Giỗ Tổ Hùng Vương"), else "Thứ Bảy" or
// "Chủ nhật". A Saturday made a working day by a swap is not off.
func (c *Calendar) DayOff(d cases.Date) (off bool, why string) {
	y := c.year(yearOf(d))
	if _, ok := y.work[d]; ok {
		return false, ""
	}
	if e, ok := y.off[d]; ok {
		return true, e.Name
	}
	if weekend(d) {
		return true, weekdayLabel(d)
	}
	return false, ""
}

// SwappedWorkingDay reports whether d is a weekly rest day made a working
// day by a swap (ngày làm bù), and the table's name for it: "Làm bù cho
// ngày nghỉ thứ Sáu 02/05/2025".
func (c *Calendar) SwappedWorkingDay(d cases.Date) (name string, ok bool) {
	if !weekend(d) {
		return "", false
	}
	e, ok := c.year(yearOf(d)).work[d]
	return e.Name, ok
}

// IsWorkingDay reports whether public offices work on d.
func (c *Calendar) IsWorkingDay(d cases.Date) bool {
	off, _ := c.DayOff(d)
	return !off
}

// NextWorkingDay returns d if it is a working day, else the first working day
// after it.
func (c *Calendar) NextWorkingDay(d cases.Date) cases.Date {
	for !c.IsWorkingDay(d) {
		d++
	}
	return d
}

// PrevWorkingDay returns d if it is a working day, else the last working day
// before it.
func (c *Calendar) PrevWorkingDay(d cases.Date) cases.Date {
	for !c.IsWorkingDay(d) {
		d--
	}
	return d
}

// AddWorkingDays returns the day a limit of n working days from start ends,
// counted as the Civil Code counts (Art. 147): the day of the trigger is not
// counted, the first counted day is the first working day after start. Skipped
// lists the days off stepped over on the way. A negative n counts back.
func (c *Calendar) AddWorkingDays(start cases.Date, n int) (cases.Date, []Skipped) {
	step := cases.Date(1)
	if n < 0 {
		step, n = -1, -n
	}
	var skipped []Skipped
	d := start
	for n > 0 {
		d += step
		if off, why := c.DayOff(d); off {
			skipped = append(skipped, Skipped{Date: d, Why: why})
			continue
		}
		n--
	}
	return d, skipped
}

// AddCalendarDays returns the day a limit of n calendar days from start ends:
// start+n, moved to the next working day when that is a day off (Civil Code
// Art. 148.5). Skipped lists the days off it moved over.
func (c *Calendar) AddCalendarDays(start cases.Date, n int) (cases.Date, []Skipped) {
	d := start.AddDays(n)
	var skipped []Skipped
	for {
		off, why := c.DayOff(d)
		if !off {
			return d, skipped
		}
		skipped = append(skipped, Skipped{Date: d, Why: why})
		d++
	}
}

// Names of the statutory days off (Bộ luật Lao động 2019, Art. 112.1), as the
// computed suggestions write them.
const (
	nameNewYear      = "Tết Dương lịch"
	nameTet          = "Nghỉ Tết Nguyên đán"
	nameHungKings    = "Giỗ Tổ Hùng Vương"
	nameVictory      = "Ngày Chiến thắng"
	nameLabour       = "Ngày Quốc tế Lao động"
	nameNational     = "Quốc khánh"
	nameNationalNext = "Nghỉ lễ Quốc khánh (ngày liền kề)"
	compensatory     = "Nghỉ bù "
)

// suggestYear computes the days off of a year the table lacks, from the Labour
// Code and the lunar calendar, following what the Prime Minister decided in
// 2021–2026:
//
//   - Tết is five days, from two days before the first day of the year to two
//     days after; when the first day is a Tuesday, from one day before to three
//     after, so that the break runs Monday to Friday (as in 2022 and 2026);
//   - the day next to 2 September (from 2021) is the one that joins a weekend:
//     3 September when the 2nd is a Monday, Thursday or Sunday, else the 1st;
//   - each holiday on a Saturday or Sunday gives a compensatory day, the next
//     working day not already off (Art. 111.3).
//
// Swaps cannot be foreseen and are not suggested.
func suggestYear(year int) *calendarYear {
	const note = "Dự kiến, tính theo Bộ luật Lao động 2019 (Điều 111, 112) và âm lịch; chờ quyết định của Thủ tướng"
	tet, hung := LunarNewYear(year), HungKingsDay(year)
	y := &calendarYear{year: year, note: note, tet: tet, hung: hung}
	off := map[cases.Date]bool{}
	var holidays []calendarEntry
	add := func(d cases.Date, name string) {
		holidays = append(holidays, calendarEntry{Date: d, Name: name, Note: note, Computed: true})
		off[d] = true
	}

	add(cases.NewDate(year, time.January, 1), nameNewYear)
	first := tet.AddDays(-2)
	if tet.Weekday() == time.Tuesday {
		first = tet.AddDays(-1)
	}
	for i := range 5 {
		add(first.AddDays(i), nameTet)
	}
	add(hung, nameHungKings)
	add(cases.NewDate(year, time.April, 30), nameVictory)
	add(cases.NewDate(year, time.May, 1), nameLabour)
	national := cases.NewDate(year, time.September, 2)
	add(national, nameNational)
	if year >= 2021 { // Bộ luật Lao động 2019 added the adjacent day
		next := national.AddDays(-1)
		switch national.Weekday() {
		case time.Monday, time.Thursday, time.Sunday:
			next = national.AddDays(1)
		}
		add(next, nameNationalNext)
	}

	slices.SortFunc(holidays, func(a, b calendarEntry) int { return int(a.Date - b.Date) })
	lastTet := first.AddDays(4)
	for _, h := range holidays {
		if !weekend(h.Date) {
			continue
		}
		d := h.Date + 1
		for weekend(d) || off[d] {
			d++
		}
		name := compensatory + h.Name
		if h.Name == nameTet {
			// Announcements call the whole break Tết, compensatory days too.
			name = nameTet
			lastTet = max(lastTet, d)
		}
		y.daysOff = append(y.daysOff, calendarEntry{Date: d, Name: name, Note: note, Computed: true})
		off[d] = true
	}
	y.daysOff = append(y.daysOff, holidays...)
	// The weekend days inside the break belong to it, as announced breaks list them.
	for d := first; d <= lastTet; d++ {
		if !off[d] {
			y.daysOff = append(y.daysOff, calendarEntry{Date: d, Name: nameTet, Note: note, Computed: true})
		}
	}
	y.index()
	return y
}

func weekend(d cases.Date) bool {
	wd := d.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

func yearOf(d cases.Date) int {
	y, _, _ := d.YMD()
	return y
}

// weekdayLabels are the weekdays as a label or at the start of a sentence;
// weekdayInText as written inside a sentence ("chuyển sang thứ Hai").
var (
	weekdayLabels = [7]string{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}
	weekdayInText = [7]string{"Chủ nhật", "thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy"}
)

func weekdayLabel(d cases.Date) string { return weekdayLabels[d.Weekday()] }

// dayInText writes a date inside a sentence: "thứ Hai 03/04/2023".
func dayInText(d cases.Date) string { return weekdayInText[d.Weekday()] + " " + d.VN() }
