package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
)

// Section II.6 as a workbook (report.WriteXLSX): the API's
// /api/v1/reports/section6?format=xlsx and the report page's download
// /reports/section6.xlsx. Both render the workbook from the figures of the
// report cache (api_reports.go), so a download costs no computation when the
// figures are kept.

// wantsXLSX reads the format a report is asked in: json (the default) or
// xlsx. The format is a query parameter, as for the schedule's ics, so that
// a link or a script names it; the Accept header is not read.
func (q reportQuery) wantsXLSX() (bool, error) {
	switch q.Format {
	case "", "json":
		return false, nil
	case "xlsx":
		return true, nil
	}
	return false, cases.FieldErrorf("format", "%q is not json or xlsx", q.Format)
}

// sendSection6XLSX renders figures, the JSON of the report cache, as the
// workbook and answers it as a file to save; abort answers an error.
func (s *Server) sendSection6XLSX(c *gin.Context, figures []byte, abort func(*gin.Context, error)) {
	var f report.Figures
	if err := json.Unmarshal(figures, &f); err != nil {
		abort(c, fmt.Errorf("read the figures: %w", err))
		return
	}
	names, err := s.reportNames(c.Request.Context(), &f)
	if err != nil {
		abort(c, err)
		return
	}
	var b bytes.Buffer
	if err := f.WriteXLSX(&b, names); err != nil {
		abort(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="`+report.FileName(f.Period, "xlsx")+`"`)
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, report.XLSXContentType, b.Bytes())
}

// reportXLSXDownload is the report page's XLSX download.
func (s *Server) reportXLSXDownload(c *gin.Context) {
	q := pageReportQuery(c)
	body, err := s.section6(c.Request.Context(), userOf(c), q)
	if err != nil {
		s.abortPage(c, err)
		return
	}
	s.sendSection6XLSX(c, body, s.abortPage)
}
