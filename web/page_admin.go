package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/workflow"
)

// The admin page: the accounts, the units, the holiday table of a year and
// the coming periodic reception days, read-only. Changes go through the
// command line (tiepdan user, unit commands, the holiday and reception files),
// which docs/security.md describes.

// receptionDaysAhead is how far the admin page lists reception days.
const receptionDaysAhead = 92

type adminPage struct {
	layout
	Users         []User
	UsersListed   bool
	Units         []cases.Unit
	Year          int
	Years         []int
	Holidays      holidayYear
	ReceptionDays []workflow.ScheduledDay
}

// holidayYear is the part of workflow.WriteYear's JSON the page shows.
type holidayYear struct {
	Year    int  `json:"year"`
	InTable bool `json:"in_table"`
	Tet     struct {
		Date cases.Date `json:"date"`
	} `json:"tet"`
	HungKings struct {
		Date cases.Date `json:"date"`
	} `json:"hung_kings"`
	DaysOff     []holidayDay `json:"days_off"`
	WorkingDays []holidayDay `json:"working_days"`
}

type holidayDay struct {
	Date        cases.Date `json:"date"`
	Weekday     string     `json:"weekday"`
	Name        string     `json:"name"`
	Source      string     `json:"source"`
	Provisional bool       `json:"provisional"`
	Note        string     `json:"note"`
}

func (s *Server) adminPage(c *gin.Context) {
	ctx := c.Request.Context()
	u := userOf(c)
	if u.Role != Admin {
		s.abortPage(c, forbidden("only an admin reads the administration page"))
		return
	}
	today := cases.DateOf(s.now())
	y, _, _ := today.YMD()
	pg := adminPage{layout: s.layout(c, "Quản trị"), Year: y, Years: s.cfg.Calendar.Years()}
	if v := c.Query("year"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1990 || n > 2200 {
			s.abortPage(c, cases.FieldErrorf("year", "năm %q không hợp lệ", v))
			return
		}
		pg.Year = n
	}
	if ul, ok := s.cfg.Accounts.(UserLister); ok {
		users, err := ul.UserList(ctx)
		if err != nil {
			s.abortPage(c, err)
			return
		}
		pg.Users, pg.UsersListed = users, true
	}
	units, err := s.cfg.Store.Units(ctx)
	if err != nil {
		s.abortPage(c, err)
		return
	}
	pg.Units = units
	var b bytes.Buffer
	if err := workflow.WriteYear(&b, s.cfg.Calendar, pg.Year, "json"); err != nil {
		s.abortPage(c, fmt.Errorf("holiday table %d: %w", pg.Year, err))
		return
	}
	if err := json.Unmarshal(b.Bytes(), &pg.Holidays); err != nil {
		s.abortPage(c, fmt.Errorf("holiday table %d: %w", pg.Year, err))
		return
	}
	pg.ReceptionDays = workflow.DefaultReception().Days(s.cfg.Calendar, today, today.AddDays(receptionDaysAhead))
	s.render(c, http.StatusOK, "admin", pg)
}
