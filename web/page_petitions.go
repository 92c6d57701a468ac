package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/tiepdan/tiepdan/cases"
)

// The list of petitions: filtered, searched, paged, with the register's
// download links carrying its filters.

type petitionsPage struct {
	layout
	Query  listQuery
	List   *petitionList
	Units  cases.UnitNames
	States []option
	Types  []option
	Prev   string
	Next   string
	// Exports are the register's downloads with the list's filters: the
	// link, the format.
	Exports []option
}

// filters are the list's filters of q as a URL's query: the pages' links
// to its other pages and to its register keep them.
func (q listQuery) filters() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"state": q.State, "type": q.Type, "unit": q.Unit, "from": q.From, "to": q.To, "q": q.Q} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if q.Overdue {
		v.Set("overdue", "true")
	}
	return v
}

func (s *Server) petitionsPage(c *gin.Context) {
	u := userOf(c)
	var q listQuery
	if err := c.ShouldBindQuery(&q); err != nil {
		s.abortPage(c, cases.Errorf(cases.EInvalid, "the query could not be read"))
		return
	}
	rv := newReveals(u, "page "+c.FullPath())
	list, err := s.list(c.Request.Context(), u, q, rv)
	if err != nil {
		s.abortPage(c, err)
		return
	}
	if err := s.writeReveals(c.Request.Context(), rv); err != nil {
		s.abortPage(c, err)
		return
	}
	units, err := s.cfg.Store.Units(c.Request.Context())
	if err != nil {
		s.abortPage(c, err)
		return
	}
	pg := petitionsPage{layout: s.layout(c, "Danh sách đơn"), Query: q, List: list, Units: cases.NamesOf(units)}
	pg.States = append(pg.States, option{"", "Mọi trạng thái", q.State == ""})
	for _, st := range cases.States {
		label := st.Label()
		if st == cases.Terminated {
			// One state, two words: "dừng xử lý" before acceptance.
			label = "Đình chỉ, dừng xử lý"
		}
		pg.States = append(pg.States, option{string(st), label, q.State == string(st)})
	}
	pg.Types = append(pg.Types, option{"", "Mọi loại", q.Type == ""})
	for _, t := range []cases.Type{cases.Complaint, cases.Denunciation, cases.Recommendation, cases.Reflection} {
		pg.Types = append(pg.Types, option{string(t), t.Label(), q.Type == string(t)})
	}
	page := func(offset int) string {
		v := q.filters()
		v.Set("offset", strconv.Itoa(offset))
		return "/petitions?" + v.Encode()
	}
	for _, f := range []string{"xlsx", "csv"} {
		v := q.filters()
		v.Set("format", f)
		pg.Exports = append(pg.Exports, option{"/exports/petitions?" + v.Encode(), strings.ToUpper(f), false})
	}
	if list.Offset > 0 {
		pg.Prev = page(max(0, list.Offset-list.Limit))
	}
	if list.Offset+len(list.Petitions) < list.Total {
		pg.Next = page(list.Offset + list.Limit)
	}
	s.render(c, http.StatusOK, "petitions", pg)
}
