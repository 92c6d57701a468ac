package export

import (
	"context"
	"strconv"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
)

// BookHeads are the 13 columns of the reception book, Mẫu số 03/TCD
// (Nghị định 154/2026/NĐ-CP, phụ lục).
var BookHeads = []string{
	"STT",
	"Ngày tiếp",
	"Họ tên, địa chỉ",
	"CCCD/CMND/Hộ chiếu",
	"Nội dung đơn (tóm tắt)",
	"Loại đơn (KN/TC/KN/PA)",
	"Số người cùng nội dung",
	"Cơ quan đã giải quyết",
	"Thuộc thẩm quyền (x)",
	"Hướng dẫn công dân đến cơ quan có thẩm quyền",
	"Cơ quan, đơn vị thụ lý",
	"Theo dõi kết quả giải quyết",
	"Ghi chú",
}

var bookWidths = []float64{6, 11, 28, 15, 40, 11, 9, 20, 10, 24, 24, 36, 30}

// BookSheet is the sheet of the reception book's workbook.
const BookSheet = "Sổ tiếp công dân"

// ReceptionBook reads the visits of period p from st and writes them as
// the reception book: one row per visit, in the order recorded.
func ReceptionBook(ctx context.Context, st Store, p report.Period, o Options) (*Table, error) {
	v, err := st.ReceptionVisits(ctx, p.From, p.To)
	if err != nil {
		return nil, err
	}
	return Book(v, p, o), nil
}

// Book writes the visits v of period p as the reception book. Each column
// is derived as docs/decisions.md says ("The reception book's columns").
func Book(v *Visits, p report.Period, o Options) *Table {
	names := cases.NamesOf(o.Units)
	t := &Table{
		File:      "so-tiep-cong-dan-" + p.FileTag(),
		Sheet:     BookSheet,
		Committee: committee(o.Units, p.To),
		Title:     "SỔ TIẾP CÔNG DÂN",
		Lines:     []string{"Kỳ: " + p.Heading(), "Lập ngày " + o.Today.VN()},
		Heads:     BookHeads,
		Widths:    bookWidths,
	}
	threshold := o.GroupThreshold
	if threshold <= 0 {
		threshold = report.DefaultGroupThreshold
	}
	for i := range v.Visits {
		vi := &v.Visits[i]
		pt := v.Petitions[vi.Petition]
		if pt == nil {
			// A visit's petition is recorded before it: only a store that
			// lost it gets here. The row keeps the book's count.
			pt = &cases.Petition{Ref: vi.Petition}
		}
		var session *cases.Session
		if s, ok := v.Sessions[vi.Session]; ok {
			session = &s
		}
		who := person(pt, vi.Citizen)
		row := []Cell{
			bookNumber(pt, vi),
			cases.DateOf(vi.At).VN(),
			joinNonEmpty(", ", who.Name, who.Address),
			who.IDNumber,
			pt.Summary,
			typeLabel(pt),
			vi.People,
			resolvedBefore(pt, vi, names),
			"",
			"",
			"",
			progress(pt, names, o),
			visitNotes(vi, session, nth(v.PetitionVisits[vi.Petition], vi), threshold),
		}
		if pt.RouteTo == cases.ToOwn {
			row[8] = "x"
		}
		if pt.Method == cases.Guide {
			row[9] = names.Name(pt.Unit)
		} else if pt.Method != "" {
			row[10] = names.Name(pt.Unit)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// resolvedBefore is column 8, the body that already resolved the matter:
// the unit whose resolution was recorded before the visit (the citizen
// comes back about a resolved case); for a second instance whose first the
// history does not hold, that there was one.
func resolvedBefore(p *cases.Petition, v *cases.Visit, names cases.UnitNames) string {
	switch {
	case p.ResolvedAt != nil && p.ResolvedAt.Before(v.At):
		return names.Name(p.Unit)
	case p.Instance == 2 && p.Type == cases.Denunciation:
		return "Đã có kết luận nội dung tố cáo"
	case p.Instance == 2:
		return "Đã có quyết định giải quyết lần đầu"
	}
	return ""
}

// nth is which visit of its petition v is: 1 for the first.
func nth(visits []cases.Visit, v *cases.Visit) int {
	n := 1
	for _, t := range visits {
		if t.At.Before(v.At) || (t.At.Equal(v.At) && t.Ref < v.Ref) {
			n++
		}
	}
	return n
}

// visitNotes is column 13: the kind of reception and who presided, online,
// a group, a repeat visit, the day the citizen was asked to come back.
func visitNotes(v *cases.Visit, s *cases.Session, n, threshold int) string {
	var kind string
	if v.Kind != cases.Regular {
		kind = v.Kind.Label()
		if s != nil && s.PresidedBy != "" {
			kind += ", chủ trì: " + s.PresidedBy
		}
	}
	var online, group, repeat, follow string
	if cases.VisitOnline(v.Online, s) {
		online = "Tiếp trực tuyến"
	}
	if v.People >= threshold {
		group = "Đoàn đông người"
	}
	if n > 1 {
		repeat = "Tiếp nhiều lần (lần thứ " + strconv.Itoa(n) + ")"
	}
	if v.FollowUpOn != nil {
		follow = "Hẹn trở lại ngày " + v.FollowUpOn.VN()
	}
	return joinNonEmpty("; ", kind, online, group, repeat, follow)
}

// committee is the name of the committee in force on day on, which heads
// every file.
func committee(units []cases.Unit, on cases.Date) string {
	return report.NamesFrom(units, on).Own
}
