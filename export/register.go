package export

import (
	"strings"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
)

// RegisterHeads are the columns of the register of petitions (sổ theo dõi
// đơn): the law gives no form for it; docs/decisions.md says why these.
var RegisterHeads = []string{
	"Số vào sổ",
	"Mã đơn",
	"Ngày nhận",
	"Nguồn đơn",
	"Họ tên người gửi",
	"CCCD/CMND/Hộ chiếu",
	"Địa chỉ",
	"Điện thoại",
	"Số người",
	"Nội dung đơn (tóm tắt)",
	"Loại đơn",
	"Lĩnh vực",
	"Hướng xử lý",
	"Ngày xử lý",
	"Cơ quan, đơn vị nhận",
	"Ngày thụ lý",
	"Hạn xử lý, giải quyết",
	"Kết quả giải quyết",
	"Tình trạng",
}

var registerWidths = []float64{11, 14, 11, 14, 22, 15, 26, 13, 8, 40, 11, 14, 12, 11, 24, 11, 12, 36, 20}

// RegisterSheet is the sheet of the register's workbook.
const RegisterSheet = "Sổ theo dõi đơn"

// Selection is what a register holds: the petitions received in a period
// (Period; zero From or To leaves that end open) that the list's filter
// selects, past a deadline when Overdue. The register says it in its title.
type Selection struct {
	Period  report.Period
	Filter  cases.Filter
	Overdue bool
}

// Register writes the petitions ps, selected as sel says, as the register
// of petitions: one row per petition, in the list's order.
func Register(ps []*cases.Petition, sel Selection, o Options) *Table {
	names := cases.NamesOf(o.Units)
	on := sel.Period.To
	if on == 0 {
		on = o.Today
	}
	t := &Table{
		File:      "so-theo-doi-don" + registerTag(sel.Period),
		Sheet:     RegisterSheet,
		Committee: committee(o.Units, on),
		Title:     "SỔ THEO DÕI ĐƠN",
		Lines:     append([]string{registerPeriod(sel.Period)}, selected(sel, names)...),
		Heads:     RegisterHeads,
		Widths:    registerWidths,
	}
	t.Lines = append(t.Lines, "Lập ngày "+o.Today.VN())
	for _, p := range ps {
		who := person(p, nil)
		due, late := o.due(p)
		var dueText string
		if due != nil {
			dueText = due.VN()
		}
		status := p.StateLabel()
		if late {
			status += " (quá hạn)"
		}
		var unit string
		if p.Unit != "" {
			unit = names.Name(p.Unit)
		}
		t.Rows = append(t.Rows, []Cell{
			bookNumber(p, nil),
			p.Ref,
			cases.DateOf(p.ReceivedAt).VN(),
			p.Channel.Label(),
			who.Name,
			who.IDNumber,
			who.Address,
			who.Phone,
			p.People,
			p.Summary,
			typeLabel(p),
			p.Field.Label(),
			handling(p),
			day(p.HandledAt),
			unit,
			day(p.AcceptedAt),
			dueText,
			result(p),
			status,
		})
	}
	return t
}

func registerTag(p report.Period) string {
	switch {
	case p.From != 0 && p.To != 0:
		return "-" + p.FileTag()
	case p.From != 0:
		return "-tu-" + p.From.String()
	case p.To != 0:
		return "-den-" + p.To.String()
	}
	return ""
}

func registerPeriod(p report.Period) string {
	switch {
	case p.From != 0 && p.To != 0:
		return "Đơn nhận trong kỳ: " + p.Heading()
	case p.From != 0:
		return "Đơn nhận từ ngày " + p.From.VN()
	case p.To != 0:
		return "Đơn nhận đến ngày " + p.To.VN()
	}
	return "Mọi đơn đã nhận"
}

// selected says what the list's filter kept, in words. The words searched
// are not repeated: they may be a person's name.
func selected(sel Selection, names cases.UnitNames) []string {
	f := sel.Filter
	var parts []string
	if f.State != "" {
		parts = append(parts, "trạng thái "+strings.ToLower(f.State.Label()))
	}
	if f.Type != "" {
		parts = append(parts, "loại đơn "+strings.ToLower(f.Type.Label()))
	}
	if f.Unit != "" {
		parts = append(parts, "đơn vị "+names.Name(f.Unit))
	}
	if f.Search != "" {
		parts = append(parts, "theo từ khóa tìm kiếm")
	}
	if sel.Overdue {
		parts = append(parts, "đã quá hạn")
	}
	if len(parts) == 0 {
		return nil
	}
	return []string{"Lọc: " + strings.Join(parts, ", ")}
}
