package cases

import "strings"

// Levels and the dates units are in force (SPEC §9). A unit may say which
// tier of local government a committee is and from when until when it is
// in force; a unit that says neither date (every history written before)
// is in force at every date, as before.

// Level is the tier of a committee: province, district or commune.
type Level string

// The levels of local government. Districts ceased on 1 July 2025.
const (
	Province Level = "province"
	District Level = "district"
	Commune  Level = "commune"
)

var levelLabels = map[Level]string{
	Province: "Cấp tỉnh",
	District: "Cấp huyện",
	Commune:  "Cấp xã",
}

// Levels lists the levels, highest first.
var Levels = []Level{Province, District, Commune}

// Label is the level's Vietnamese name.
func (l Level) Label() string { return label(levelLabels, l) }

// Valid reports whether l is a known level.
func (l Level) Valid() bool { _, ok := levelLabels[l]; return ok }

// levelEnds are the last days of the levels the law abolished: district
// committees ceased when two-tier local government began on 1 July 2025
// (Nghị quyết 203/2025/QH15; LAW.md, "Timeline that matters"). A committee
// of such a level must say it ended by then: the date is checked, never
// filled in.
var levelEnds = map[Level]Date{
	District: NewDate(2025, 6, 30),
}

// LastDay is the last day a committee of level l can be in force, and false
// for a level that still exists.
func (l Level) LastDay() (Date, bool) {
	d, ok := levelEnds[l]
	return d, ok
}

// minUnitYear bounds a unit's dates from below: People's Committees date
// from 1945, and a zero Date means "not given".
const minUnitYear = 1945

// InForceOn reports whether u is in force on day d: on or after its
// valid_from and on or before its end, each when it has one.
func (u *Unit) InForceOn(d Date) bool {
	return (u.ValidFrom == 0 || d >= u.ValidFrom) && (u.ValidUntil == 0 || d <= u.ValidUntil)
}

// EndOn ends u on day d unless it already ends on or before d, and reports
// whether its end moved: a unit ends on the earliest of its own
// valid_until, its successors' valid_from less a day and any unit_until.
func (u *Unit) EndOn(d Date) bool {
	if u.ValidUntil != 0 && u.ValidUntil <= d {
		return false
	}
	u.ValidUntil = d
	return true
}

// Validity says when u is in force, in Vietnamese: "từ 01/07/2025",
// "đến 30/06/2025", "từ 01/01/2020 đến 30/06/2025", or "" for a unit
// without dates.
func (u *Unit) Validity() string {
	switch {
	case u.ValidFrom != 0 && u.ValidUntil != 0:
		return "từ " + u.ValidFrom.VN() + " đến " + u.ValidUntil.VN()
	case u.ValidFrom != 0:
		return "từ " + u.ValidFrom.VN()
	case u.ValidUntil != 0:
		return "đến " + u.ValidUntil.VN()
	}
	return ""
}

// NotInForce refuses, naming field, what is dated d at unit u when u is not
// in force that day; act says what was refused ("a route dated …") and
// actVI the same in Vietnamese ("chuyển đơn ngày …"). It returns nil when u
// is in force on d.
func (u *Unit) NotInForce(field string, d Date, act, actVI string) *Error {
	switch {
	case u.ValidUntil != 0 && d > u.ValidUntil:
		return FieldErrorf(field, "unit %s (%s) no longer exists from %s (in force until %s): %s",
			u.Ref, u.Name, u.ValidUntil+1, u.ValidUntil, act).
			VI("%s không còn tồn tại từ %s: không %s.", u.Name, (u.ValidUntil + 1).VN(), actVI)
	case u.ValidFrom != 0 && d < u.ValidFrom:
		return FieldErrorf(field, "unit %s (%s) exists only from %s: %s", u.Ref, u.Name, u.ValidFrom, act).
			VI("%s chỉ có từ ngày %s: không %s.", u.Name, u.ValidFrom.VN(), actVI)
	}
	return nil
}

// UnitOf is the unit a validated unit command records.
func UnitOf(c *Command) Unit {
	u := Unit{Ref: c.Ref, Name: c.Name, Kind: UnitKind(c.Kind), Parent: c.Parent, Remote: c.Remote,
		LowerLabel: c.LowerLabel, Level: c.Level}
	u.ValidFrom, _ = ParseDate(c.ValidFrom)
	u.ValidUntil, _ = ParseDate(c.ValidUntil)
	return u
}

// EndsOf calls end for each unit whose end command c (validated and
// accepted) sets, with the day it ends on: each unit that a unit with
// valid_from replaces ends the day before; the unit of unit_until on its
// until. The store and verify's replay both fold units through it.
func EndsOf(c *Command, end func(ref string, last Date) error) error {
	switch c.Op {
	case OpUnit:
		from, err := ParseDate(c.ValidFrom)
		if c.ValidFrom == "" || err != nil {
			return nil
		}
		for _, ref := range c.Replaces {
			if err := end(ref, from-1); err != nil {
				return err
			}
		}
	case OpUnitUntil:
		until, err := ParseDate(c.Until)
		if err != nil {
			return nil
		}
		return end(c.Unit, until)
	}
	return nil
}

// levelDates checks a unit's level and dates: a level for committees only,
// dates that exist and follow each other, and no committee of an abolished
// level in force after its last day.
func (v *validator) levelDates() {
	c := v.c
	if c.Level != "" {
		if !c.Level.Valid() {
			v.fail("level", "must be province, district or commune, not %q", c.Level)
		} else if k := UnitKind(c.Kind); k != Own && k != Lower {
			v.fail("level", "is only for committees (kind own or lower), not for a %s", c.Kind)
		}
	}
	from := v.unitDate("valid_from", c.ValidFrom)
	until := v.unitDate("valid_until", c.ValidUntil)
	if v.err != nil {
		return
	}
	if from != 0 && until != 0 && until < from {
		v.fail("valid_until", "%s is before valid_from %s", c.ValidUntil, c.ValidFrom)
		return
	}
	last, ok := c.Level.LastDay()
	if !ok {
		return
	}
	switch {
	case from > last:
		v.refuse(FieldErrorf("valid_from", "a %s committee cannot be in force after %s: %s is later", c.Level, last, c.ValidFrom).
			VI("Không còn UBND %s từ ngày %s: ngày bắt đầu hiệu lực phải trước ngày này.", levelNoun(c.Level), (last + 1).VN()))
	case until == 0:
		v.refuse(FieldErrorf("valid_until", "is required for a %s committee, which cannot be in force after %s", c.Level, last).
			VI("UBND %s không còn tồn tại từ ngày %s: nhập ngày hết hiệu lực, chậm nhất là %s.", levelNoun(c.Level), (last + 1).VN(), last.VN()))
	case until > last:
		v.refuse(FieldErrorf("valid_until", "a %s committee cannot be in force after %s: %s is later", c.Level, last, c.ValidUntil).
			VI("UBND %s không còn tồn tại từ ngày %s: ngày hết hiệu lực chậm nhất là %s.", levelNoun(c.Level), (last + 1).VN(), last.VN()))
	}
}

// levelNoun is how a sentence names a committee of level l: "cấp huyện".
func levelNoun(l Level) string { return strings.ToLower(l.Label()) }

// unitDate checks a unit's date and returns it, 0 when not given.
func (v *validator) unitDate(field, s string) Date {
	if s == "" {
		return 0
	}
	d, err := ParseDate(s)
	if err != nil {
		v.fail(field, "%v", err)
		return 0
	}
	if y, _, _ := d.YMD(); y < minUnitYear {
		v.fail(field, "%s is before %d", s, minUnitYear)
		return 0
	}
	// Only the window's first date: the law fixes a unit's end years
	// ahead (district committees: 30/06/2025, required of every district).
	if v.window != nil && d < v.window.First {
		v.refuse(v.window.Check(field, d, v.now))
	}
	return d
}

func (v *validator) refuse(e *Error) {
	if v.err == nil {
		v.err = e
	}
}

// CommitteeOn is the installation's committee on day d: the first own unit
// of units in force that day, else the first own unit (a committee that
// ended with no successor recorded is still the one its history names). It
// reports false when there is no own unit. Callers pass the units with the
// committee in force first (storage.DB.Units' order) so that undated
// units, in force at every date, give the same answer as before.
func CommitteeOn(units []Unit, d Date) (Unit, bool) {
	first := -1
	for i := range units {
		if units[i].Kind != Own {
			continue
		}
		if units[i].InForceOn(d) {
			return units[i], true
		}
		if first < 0 {
			first = i
		}
	}
	if first < 0 {
		return Unit{}, false
	}
	return units[first], true
}

// LevelOn is the level of the committee in force on day d: that of the
// first own unit in force that day that records one, "" when none does (a
// history written before levels: no rule by level applies to it).
func LevelOn(units []Unit, d Date) Level {
	for i := range units {
		if u := &units[i]; u.Kind == Own && u.Level != "" && u.InForceOn(d) {
			return u.Level
		}
	}
	return ""
}
