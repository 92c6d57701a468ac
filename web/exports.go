package web

import (
	"bytes"
	"context"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/export"
	"github.com/tiepdan/tiepdan/report"
)

// The registers as files (package export): the reception book of a period
// and the register of the petitions the list selects, as CSV or XLSX, from
// the API (/api/v1/exports/…) and from the pages (/exports/…: the list's
// and the desk's download links). Every protected identity is masked in
// them, whoever downloads: nothing is revealed, so nothing goes to the
// access log.

// exportQuery is what an export may be asked for: the period — a named one
// (period) or from and to — and the format; for the register, the list's
// filters too, whose from and to are then the dates received.
type exportQuery struct {
	listQuery
	Period string `form:"period"`
	Format string `form:"format"`
}

func (s *Server) getReceptionBookAPI(c *gin.Context) { s.sendExport(c, s.receptionBook, s.abortJSON) }
func (s *Server) getRegisterAPI(c *gin.Context)      { s.sendExport(c, s.register, s.abortJSON) }
func (s *Server) receptionBookDownload(c *gin.Context) {
	s.sendExport(c, s.receptionBook, s.abortPage)
}
func (s *Server) registerDownload(c *gin.Context) { s.sendExport(c, s.register, s.abortPage) }

// sendExport reads the query, makes the table with build and answers it as
// a file to save; abort answers an error, in the API's JSON or as a page.
func (s *Server) sendExport(c *gin.Context, build func(context.Context, *User, exportQuery) (*export.Table, error),
	abort func(*gin.Context, error)) {
	var q exportQuery
	if err := c.ShouldBindQuery(&q); err != nil {
		abort(c, cases.Errorf(cases.EInvalid, "the query could not be read: overdue is true or false"))
		return
	}
	format, err := export.ParseFormat(q.Format)
	if err != nil {
		abort(c, err)
		return
	}
	t, err := build(c.Request.Context(), userOf(c), q)
	if err != nil {
		abort(c, err)
		return
	}
	var b bytes.Buffer
	if err := t.Write(&b, format); err != nil {
		abort(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="`+t.FileName(format)+`"`)
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, format.ContentType(), b.Bytes())
}

// exportOptions are what both registers need beside their rows: the units'
// names and the deadlines of today.
func (s *Server) exportOptions(ctx context.Context) (export.Options, error) {
	units, err := s.cfg.Store.Units(ctx)
	if err != nil {
		return export.Options{}, err
	}
	dl, err := s.deadlineContext(ctx)
	if err != nil {
		return export.Options{}, err
	}
	return export.Options{Units: units, Due: dl.waitingOn, GroupThreshold: GroupThreshold, Today: dl.today}, nil
}

// receptionBook is the reception book of the period q names.
func (s *Server) receptionBook(ctx context.Context, u *User, q exportQuery) (*export.Table, error) {
	if !u.exportsReceptionBook() {
		return nil, forbidden("the reception book is the desk's: a %s may not export it", u.Role).
			VI("Sổ tiếp công dân chỉ do bộ phận tiếp công dân, lãnh đạo và quản trị viên xuất.")
	}
	p, err := reportQuery{Period: q.Period, From: q.From, To: q.To}.period()
	if err != nil {
		return nil, err
	}
	o, err := s.exportOptions(ctx)
	if err != nil {
		return nil, err
	}
	return export.ReceptionBook(ctx, s.cfg.Store, p, o)
}

// register is the register of the petitions the list's filters in q
// select, as u's list shows them (a head: its unit's), received in the
// period q names, if any.
func (s *Server) register(ctx context.Context, u *User, q exportQuery) (*export.Table, error) {
	f, err := u.filter(q.listQuery)
	if err != nil {
		return nil, err
	}
	var p report.Period
	switch {
	case q.Period != "" && (q.From != "" || q.To != ""):
		return nil, cases.FieldErrorf("period", "give a period or from and to, not both")
	case q.Period != "":
		if p, err = (reportQuery{Period: q.Period}).period(); err != nil {
			return nil, err
		}
		f.From, f.To = p.From, p.To
	case f.From != 0 && f.To != 0:
		if p, err = report.NewPeriod(f.From, f.To); err != nil {
			return nil, cases.FieldErrorf("to", "%s", cases.ErrorMessage(err))
		}
	default:
		p = report.Period{From: f.From, To: f.To}
	}
	f.Limit, f.Offset = 0, 0
	ps, err := s.cfg.Store.Petitions(ctx, f)
	if err != nil {
		return nil, err
	}
	o, err := s.exportOptions(ctx)
	if err != nil {
		return nil, err
	}
	kept := ps[:0]
	for _, pt := range ps {
		if !u.inScope(pt) {
			continue
		}
		if _, late := o.Due(pt); q.Overdue && !late {
			continue
		}
		kept = append(kept, pt)
	}
	return export.Register(kept, export.Selection{Period: p, Filter: f, Overdue: q.Overdue}, o), nil
}

// MonthStart is the first day of the desk's month: the reception book's
// form offers the month so far.
func (p deskPage) MonthStart() cases.Date {
	y, m, _ := p.Today.YMD()
	return cases.NewDate(y, m, 1)
}
