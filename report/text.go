package report

import (
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tiepdan/tiepdan/cases"
)

// textHeading is the seed's heading of section II.6.
const textHeading = "6. Kết quả thực hiện công tác tiếp dân, xử lý đơn thư và giải quyết khiếu nại, tố cáo, các vụ việc khiếu kiện đông người, phức tạp, kéo dài"

// WriteText writes the figures as the Vietnamese text of section II.6 of the
// periodic report, in the structure and wording of the seed
// (bao-cao-dan-van-6-thang-2023.txt): the heading; reception; the petitions
// received at reception and where they went; the complaints and
// denunciations received, compared with the same period a year earlier, and
// split by competence; the results of resolving them; the recommendations
// and reflections routed; and how promptly petitions were handled, in the
// shape of the seed's section II.3. Paragraphs are separated by a blank line.
//
// Where the seed's sentence fits only the seed's numbers, the text says what
// an office would write for other numbers; each such place is commented
// below. The text asserts only what the figures show: the seed's opening
// sentences of praise ("đã giải quyết … đúng thẩm quyền", "chú trọng quan
// tâm làm tốt") are left for the office to write.
func (f *Figures) WriteText(w io.Writer, n Names) error {
	t := textWriter{f: f, n: n.withDefaults()}
	paras := []string{t.heading(), t.reception(), t.receptionPetitions(), t.received()}
	paras = append(paras, t.results()...)
	paras = append(paras, t.other(), t.handling())
	_, err := io.WriteString(w, strings.Join(paras, "\n\n")+"\n")
	return err
}

type textWriter struct {
	f *Figures
	n Names
}

// heading is the seed's heading; for a period not ended when reported, the
// day the figures stop at follows it, where an office writes it (SPEC §9:
// "số liệu tính đến ngày dd/mm/yyyy").
func (t *textWriter) heading() string {
	h := textHeading
	if w := t.n.AreaWords(); w != "" {
		h += " " + w
	}
	if d := t.f.AsOfDay; d != nil {
		return h + " (số liệu tính đến ngày " + d.VN() + ")"
	}
	return h
}

// period is the period as the text names it. The seed says "Từ đầu năm đến
// nay", but a report's period runs from the cut-off of the previous year
// (LAW.md: 15/12 for the six months), so the text gives the dates.
func (t *textWriter) period() string {
	p := t.f.Period
	// A period not ended: the sentences say what happened up to the day
	// the figures stop at.
	p.To = t.f.EndDay()
	switch {
	case p.From == 0 && p.To == 0:
		return "Trong kỳ báo cáo"
	case p.From == p.To:
		return "Trong ngày " + p.From.VN()
	default:
		return "Từ ngày " + p.From.VN() + " đến ngày " + p.To.VN()
	}
}

// reception is the first paragraph: the schedule, then sessions, visits and
// matters in total and by kind of reception.
func (t *textWriter) reception() string {
	r := t.f.Reception
	var b strings.Builder
	// The seed opens with two sentences of praise before "Theo đó, …"; the
	// label stays, the praise and the "Theo đó" that leans on it go.
	b.WriteString("Công tác tiếp công dân, đối thoại, giải quyết khiếu nại tố cáo: ")
	b.WriteString(t.n.OwnShort + " thực hiện việc tiếp công dân theo Quy chế")
	b.WriteString(receptionDays(t.n.ReceptionDays, t.n.ReceptionWeekdays))
	b.WriteString(". ")

	b.WriteString(t.period())
	if r.Visits.Total == 0 && r.Sessions.Total == 0 {
		b.WriteString(" đã tiếp: không; ")
	} else {
		b.WriteString(" đã tiếp là " + receptionTriple(r.Sessions.Total, r.Visits.Total, r.Cases.Total, true))
		if r.Visits.Total > 0 {
			b.WriteString(firstAndRepeat(r.ReceptionFigures))
		}
		b.WriteString(", trong đó ")
	}
	// The seed compares only the head's periodic reception with the same
	// period; ad hoc reception, also the head's, is compared the same way
	// when it happened. A kind with no visit reads "không" (SPEC §4).
	b.WriteString(kindClause("tiếp định kỳ", "đã tiếp", r.Sessions.Periodic, r.Visits.Periodic, r.Cases.Periodic, true))
	if r.Visits.Periodic > 0 {
		b.WriteString(", " + FormatChange(r.Visits.Periodic, r.Previous.Visits.Periodic, "lượt"))
	}
	b.WriteString("; ")
	b.WriteString(kindClause("tiếp công dân thường xuyên", "có", 0, r.Visits.Regular, r.Cases.Regular, false))
	b.WriteString("; ")
	b.WriteString(kindClause("tiếp công dân đột xuất", "đã tiếp", r.Sessions.AdHoc, r.Visits.AdHoc, r.Cases.AdHoc, true))
	if r.Visits.AdHoc > 0 {
		b.WriteString(", " + FormatChange(r.Visits.AdHoc, r.Previous.Visits.AdHoc, "lượt"))
	}
	b.WriteString(onlineClause(r.Online))
	b.WriteString(".")
	// The heading speaks of "các vụ việc khiếu kiện đông người"; the seed's
	// period had none and says nothing, so the sentence appears only when
	// there were group visits.
	if g := r.Groups; g.Visits > 0 {
		b.WriteString(" Tiếp đoàn đông người: " + counted(g.Visits, "đoàn") + "/" + counted(g.People, "người") + "/" + counted(g.Cases, "vụ") + ".")
	}
	return b.String()
}

// onlineClause closes the sentence on reception with the part held online
// (SPEC §9), across the kinds: "; trong đó tiếp trực tuyến 01 cuộc/03
// lượt/03 vụ"; nothing when there was none, so a report without online
// reception reads as before.
func onlineClause(o OnlineCounts) string {
	if o.Sessions == 0 && o.Visits == 0 {
		return ""
	}
	return "; trong đó tiếp trực tuyến " + receptionTriple(o.Sessions, o.Visits, o.Cases, true)
}

// weekdayInText names a day of the week inside a sentence.
var weekdayInText = [7]string{"Chủ nhật", "thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy"}

// receptionDays says when periodic reception is held: " vào các ngày 09 và
// 24 hàng tháng", " vào ngày 15 hàng tháng", " vào thứ Hai và thứ Năm hàng
// tuần", both joined by "và vào" when the plan has both (" vào ngày 10 hàng
// tháng và vào thứ Sáu hàng tuần"), "" when it has neither. The seed writes
// "hàng tháng"; the week says "hàng tuần" alike, not "hằng tuần" beside it.
func receptionDays(days []int, weekdays []time.Weekday) string {
	var parts []string
	if len(days) > 0 {
		d := make([]string, len(days))
		for i, x := range days {
			d[i] = FormatCount(x)
		}
		if len(d) == 1 {
			parts = append(parts, "ngày "+d[0]+" hàng tháng")
		} else {
			parts = append(parts, "các ngày "+joinAnd(d)+" hàng tháng")
		}
	}
	if len(weekdays) > 0 {
		w := make([]string, 0, len(weekdays))
		for _, x := range weekdays {
			if x >= time.Sunday && x <= time.Saturday {
				w = append(w, weekdayInText[x])
			}
		}
		if len(w) > 0 {
			parts = append(parts, joinAnd(w)+" hàng tuần")
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " vào " + strings.Join(parts, " và vào ")
}

// receptionTriple is "10 cuộc/22 lượt/22 vụ" (SPEC §4), without the
// sessions when the kind has none ("21 lượt/21 vụ"). With sessions and no
// visit it says that nobody came: "10 cuộc, không có công dân đến".
func receptionTriple(sessions, visits, matters int, withSessions bool) string {
	s := ""
	if withSessions && sessions > 0 {
		s = counted(sessions, "cuộc")
		if visits == 0 {
			return s + ", không có công dân đến"
		}
		s += "/"
	}
	return s + counted(visits, "lượt") + "/" + counted(matters, "vụ")
}

// kindClause is one kind of reception: "tiếp định kỳ đã tiếp 10 cuộc/01
// lượt/01 vụ", "tiếp công dân thường xuyên có 21 lượt/21 vụ", "tiếp công
// dân đột xuất: không".
func kindClause(label, verb string, sessions, visits, matters int, withSessions bool) string {
	if visits == 0 && (!withSessions || sessions == 0) {
		return label + ": không"
	}
	if visits == 0 {
		verb = "đã tổ chức"
	}
	return label + " " + verb + " " + receptionTriple(sessions, visits, matters, withSessions)
}

// firstAndRepeat qualifies the total. The seed writes "22 vụ tiếp lần đầu",
// which is right only when no visit was a repeat; with repeats the text
// gives both, as form 01/TCD counts them: "(tiếp lần đầu 20 lượt/20 vụ,
// tiếp nhiều lần 02 lượt/01 vụ)". The matters of the two may overlap (a
// matter first visited in P and again in P is in both), so they are not
// presented as parts of the total's matters.
func firstAndRepeat(r ReceptionFigures) string {
	switch {
	case r.Repeat.Visits == 0:
		return " tiếp lần đầu"
	case r.FirstTime.Visits == 0:
		return " tiếp nhiều lần"
	default:
		return " (tiếp lần đầu " + counted(r.FirstTime.Visits, "lượt") + "/" + counted(r.FirstTime.Cases, "vụ") +
			", tiếp nhiều lần " + counted(r.Repeat.Visits, "lượt") + "/" + counted(r.Repeat.Cases, "vụ") + ")"
	}
}

// petitionsAndCases is "22 đơn", or "22 đơn/20 vụ" when several petitions
// concern one matter.
func petitionsAndCases(petitions, matters int) string {
	s := counted(petitions, "đơn")
	if matters > 0 && matters != petitions {
		s += "/" + counted(matters, "vụ")
	}
	return s
}

// receptionPetitions is the second paragraph: the petitions received at
// reception and where they went, own / lower / judicial in the seed
// ("04/17/01").
func (t *textWriter) receptionPetitions() string {
	rp := t.f.ReceptionPetitions
	const label = "Phân loại đơn, vụ việc qua tiếp công dân: Qua tiếp công dân trên địa bàn "
	if rp.Petitions == 0 {
		return label + "không tiếp nhận đơn nào."
	}
	d := rp.ByDestination
	var parts []string
	if d.Own > 0 {
		parts = append(parts, "thuộc thẩm quyền "+t.n.OwnShort+" giao "+t.n.Departments+" "+counted(d.Own, "đơn"))
	}
	// Lower committees, the judiciary and other agencies share the seed's
	// verb: "đã giải thích, hướng dẫn đến UBND các xã, thị trấn 17 đơn và cơ
	// quan hoạt động tư pháp giải quyết theo thẩm quyền 01 đơn", which names
	// the methods they left by (sentOnVerb).
	var guided []string
	if d.Lower > 0 {
		guided = append(guided, t.n.Lower+" "+counted(d.Lower, "đơn"))
	}
	if d.Judicial > 0 {
		guided = append(guided, "cơ quan hoạt động tư pháp giải quyết theo thẩm quyền "+counted(d.Judicial, "đơn"))
	}
	if d.Other > 0 {
		guided = append(guided, "các cơ quan có liên quan giải quyết theo thẩm quyền "+counted(d.Other, "đơn"))
	}
	if len(guided) > 0 {
		parts = append(parts, "đã "+sentOnVerb(rp.SentOn)+joinAnd(guided))
	}
	if d.Archived > 0 {
		parts = append(parts, "lưu "+counted(d.Archived, "đơn")+" theo quy định")
	}
	if d.Terminated > 0 {
		parts = append(parts, "dừng xử lý "+counted(d.Terminated, "đơn"))
	}
	if d.Pending > 0 {
		parts = append(parts, "đang xử lý "+counted(d.Pending, "đơn"))
	}
	// The seed capitalises the first item after "gồm:".
	return label + "tiếp nhận " + petitionsAndCases(rp.Petitions, rp.Cases) + ", gồm: " + capitalize(strings.Join(parts, ", ")) + "."
}

// typeSplit is "(khiếu nại 03 đơn, tố cáo 03 đơn)", naming only the types with
// petitions.
func typeSplit(complaints, denunciations int) string {
	var s []string
	if complaints > 0 {
		s = append(s, "khiếu nại "+counted(complaints, "đơn"))
	}
	if denunciations > 0 {
		s = append(s, "tố cáo "+counted(denunciations, "đơn"))
	}
	return "(" + strings.Join(s, ", ") + ")"
}

// received is the third paragraph: the complaints and denunciations received
// through any channel (so it includes those received at reception, counted
// in the paragraph before too), compared with the same period, and split by
// competence.
func (t *textWriter) received() string {
	rc := t.f.Received
	kn, tc, all := rc.Complaint, rc.Denunciation, rc.Total
	var b strings.Builder
	b.WriteString("Tiếp nhận, phân loại và xử lý đơn khiếu nại, tố cáo: ")
	who := t.n.OwnShort
	if t.n.Area != "" {
		who = t.n.Area // "Tổng số đơn toàn tỉnh tiếp nhận"
	}
	b.WriteString("Tổng số đơn " + who + " tiếp nhận: " + petitionsAndCases(all.Petitions, all.Cases) + ", " +
		FormatChange(all.Petitions, all.PreviousPetitions, "đơn") + ".")
	if all.Petitions > 0 || all.PreviousPetitions > 0 {
		// The seed writes "tố cáo 04 đơn, so cùng kỳ tăng 01 (tăng 33,33%)"
		// without the unit; SPEC's form has it.
		b.WriteString(" Trong đó: Khiếu nại " + petitionsAndCases(kn.Petitions, kn.Cases) + ", " +
			FormatChange(kn.Petitions, kn.PreviousPetitions, "đơn") + "; tố cáo " +
			petitionsAndCases(tc.Petitions, tc.Cases) + ", " + FormatChange(tc.Petitions, tc.PreviousPetitions, "đơn") + ".")
	}
	d := all.ByDestination
	if d.Own > 0 {
		b.WriteString(" Thuộc thẩm quyền " + t.n.OwnShort + " giải quyết " + counted(d.Own, "đơn") + " " +
			typeSplit(kn.ByDestination.Own, tc.ByDestination.Own) + ".")
	}
	if d.Lower > 0 {
		// The seed says "thuộc Chủ tịch UBND xã": its three petitions were
		// all at one commune. The received figures do not say which lower
		// committee has them, so the text names them together.
		lead := " Còn "
		if d.Own == 0 {
			lead = " Có "
		}
		b.WriteString(lead + counted(d.Lower, "đơn") + " " + typeSplit(kn.ByDestination.Lower, tc.ByDestination.Lower) +
			" thuộc thẩm quyền Chủ tịch " + t.n.Lower + ".")
	}
	if d.Other > 0 {
		b.WriteString(" Chuyển cơ quan khác, lưu đơn hoặc dừng xử lý " + counted(d.Other, "đơn") + " " +
			typeSplit(kn.ByDestination.Other, tc.ByDestination.Other) + ".")
	}
	if d.Pending > 0 {
		b.WriteString(" Đang xử lý " + counted(d.Pending, "đơn") + " " +
			typeSplit(kn.ByDestination.Pending, tc.ByDestination.Pending) + ".")
	}
	if t.hasResults() {
		b.WriteString(" Kết quả giải quyết như sau:")
	} else {
		b.WriteString(" Trong kỳ không có vụ việc khiếu nại, tố cáo phải giải quyết.")
	}
	return b.String()
}

func (t *textWriter) hasResults() bool {
	for _, rc := range []ResolutionByCompetence{t.f.Resolution.Complaint, t.f.Resolution.Denunciation} {
		if rc.Own.MustResolve > 0 || rc.Lower.MustResolve > 0 || rc.Own.Implemented > 0 || rc.Lower.Implemented > 0 {
			return true
		}
	}
	return false
}

// results are the two lines "- Đơn khiếu nại: …" and "- Đơn tố cáo: …", or
// none when nothing had to be resolved.
//
// The seed's complaint line splits own and lower and names the commune; its
// denunciation line gives only the verdicts and decisions implemented,
// summed over own and lower. Both lines here have the same shape, so that
// in-progress and carried-over cases of either type are reported: the
// split with the resolution rate (also for lower, which the seed leaves
// out), then the verdicts and decisions implemented summed as the seed sums
// them. The seed's "trong 04 vụ khiếu nại" in the denunciation line is its
// slip for "tố cáo".
func (t *textWriter) results() []string {
	if !t.hasResults() {
		return nil
	}
	complaint := t.resultLine("Đơn khiếu nại", cases.Complaint, t.f.Resolution.Complaint)
	if s := secondInstance(t.f.Resolution.Complaint); s != "" {
		complaint += " " + s
	}
	return []string{
		complaint,
		t.resultLine("Đơn tố cáo", cases.Denunciation, t.f.Resolution.Denunciation),
	}
}

// secondInstance is the sentence on the second-instance complaints among
// those resolved, own and lower together as the verdicts are (SPEC §9):
// "Trong số đã giải quyết có 03 vụ khiếu nại lần hai: công nhận quyết định
// giải quyết lần đầu 01 vụ, hủy bỏ 01 vụ, sửa đổi 01 vụ." A decision
// recorded without its outcome counts in the number only. "" when none.
func secondInstance(rc ResolutionByCompetence) string {
	var s SecondInstance
	for _, g := range []*SecondInstance{rc.Own.SecondInstance, rc.Lower.SecondInstance} {
		if g != nil {
			s.Resolved += g.Resolved
			s.Upheld += g.Upheld
			s.Annulled += g.Annulled
			s.Amended += g.Amended
		}
	}
	if s.Resolved == 0 {
		return ""
	}
	var outcomes []string
	for _, o := range []struct {
		n    int
		verb string
	}{{s.Upheld, "công nhận"}, {s.Annulled, "hủy bỏ"}, {s.Amended, "sửa đổi"}} {
		if o.n == 0 {
			continue
		}
		if len(outcomes) == 0 {
			o.verb += " quyết định giải quyết lần đầu"
		}
		outcomes = append(outcomes, o.verb+" "+counted(o.n, "vụ"))
	}
	out := "Trong số đã giải quyết có " + counted(s.Resolved, "vụ") + " khiếu nại lần hai"
	if len(outcomes) > 0 {
		out += ": " + strings.Join(outcomes, ", ")
	}
	return out + "."
}

// resultLine is the line of one type. Its verdicts and what was carried out
// are in the words of its law (cases/words.go): a denunciation is "tố cáo
// sai sự thật" and its "kết luận" is carried out (SPEC §9).
func (t *textWriter) resultLine(label string, typ cases.Type, rc ResolutionByCompetence) string {
	word := strings.ToLower(typ.Label())
	var sentences []string
	if rc.Own.MustResolve > 0 {
		sentences = append(sentences, "thuộc thẩm quyền của "+t.n.OwnShort+" "+resolutionStatus(rc.Own, "đã giải quyết xong"))
	}
	if rc.Lower.MustResolve > 0 {
		sentences = append(sentences, t.lowerResult(rc.Lower))
	}
	resolved := rc.Own.Resolved + rc.Lower.Resolved
	implemented := rc.Own.Implemented + rc.Lower.Implemented
	var verdicts []string
	for _, v := range []struct {
		n    int
		what string
	}{
		{rc.Own.Verdicts.Incorrect + rc.Lower.Verdicts.Incorrect, word + " " + strings.ToLower(cases.Incorrect.LabelFor(typ))},
		{rc.Own.Verdicts.Correct + rc.Lower.Verdicts.Correct, word + " " + strings.ToLower(cases.Correct.LabelFor(typ))},
		{rc.Own.Verdicts.PartlyCorrect + rc.Lower.Verdicts.PartlyCorrect, word + " " + strings.ToLower(cases.PartlyCorrect.LabelFor(typ))},
	} {
		if v.n > 0 {
			verdicts = append(verdicts, v.what+" "+counted(v.n, "vụ"))
		}
	}
	if len(verdicts) > 0 {
		verdicts[0] = "công dân " + verdicts[0]
	}
	// "đã thực hiện 03 quyết định" counts every decision implemented in P,
	// whenever its case was resolved (SPEC §4), as the seed's sentence does
	// under the fixture's reading (D7); a denunciation's is a "kết luận".
	if implemented > 0 {
		verdicts = append(verdicts, "đã thực hiện "+counted(implemented, cases.OutcomeWord(typ)))
	}
	switch {
	case resolved > 0 && len(verdicts) > 0:
		sentences = append(sentences, "trong "+counted(resolved, "vụ")+" "+word+" đã giải quyết, "+strings.Join(verdicts, ", "))
	case len(verdicts) > 0:
		sentences = append(sentences, strings.Join(verdicts, ", "))
	}
	if len(sentences) == 0 {
		sentences = append(sentences, "không có vụ việc phải giải quyết")
	}
	for i := 1; i < len(sentences); i++ {
		sentences[i] = capitalize(sentences[i])
	}
	return "- " + label + ": " + strings.Join(sentences, ". ") + "."
}

// lowerResult is the lower committees' part of a result line. One committee
// is named ("Thuộc thẩm quyền Chủ tịch UBND xã Phước Nghĩa giải quyết xong
// 01 vụ …"); several are named together, then each.
func (t *textWriter) lowerResult(l LowerResolution) string {
	var units []UnitResolution
	for _, u := range l.Units {
		if u.MustResolve > 0 {
			units = append(units, u)
		}
	}
	if len(units) == 1 && units[0].MustResolve == l.MustResolve {
		return "thuộc thẩm quyền Chủ tịch " + t.unitName(units[0]) + " " + resolutionStatus(l.ResolutionFigures, "giải quyết xong")
	}
	s := "thuộc thẩm quyền Chủ tịch " + t.n.Lower + " " + resolutionStatus(l.ResolutionFigures, "giải quyết xong")
	if len(units) > 0 {
		each := make([]string, len(units))
		for i, u := range units {
			each[i] = t.unitName(u) + " " + resolutionStatus(u.ResolutionFigures, "giải quyết xong")
		}
		s += ", trong đó: " + strings.Join(each, "; ")
	}
	return s
}

func (t *textWriter) unitName(u UnitResolution) string {
	if name := t.n.Units[u.Unit]; name != "" {
		return name
	}
	if u.UnitName != "" {
		return u.UnitName
	}
	return u.Unit
}

// resolutionStatus says how far the cases that had to be resolved got: "đã giải quyết
// xong 03 vụ (đạt 100%)", "giải quyết xong 01 vụ (đạt 50%) và 01 vụ đang
// giải quyết". What had to be resolved is stated only when some came from
// the period before; otherwise it is the sum of what follows, as in the
// seed. done is the verb of the resolved cases.
func resolutionStatus(g ResolutionFigures, done string) string {
	var parts []string
	if g.CarriedOver > 0 {
		from := []string{"kỳ trước chuyển sang " + counted(g.CarriedOver, "vụ")}
		if g.Accepted > 0 {
			from = append(from, "thụ lý mới "+counted(g.Accepted, "vụ"))
		}
		parts = append(parts, "phải giải quyết "+counted(g.MustResolve, "vụ")+" ("+strings.Join(from, ", ")+")")
	}
	if g.Resolved > 0 {
		s := done + " " + counted(g.Resolved, "vụ")
		var notes []string
		if g.Rate != nil {
			notes = append(notes, "đạt "+FormatPercent(*g.Rate))
		}
		if g.Late > 0 {
			notes = append(notes, counted(g.Late, "vụ")+" giải quyết quá hạn")
		}
		if len(notes) > 0 {
			s += " (" + strings.Join(notes, "; ") + ")"
		}
		parts = append(parts, s)
	}
	if g.Terminated > 0 {
		parts = append(parts, "đình chỉ giải quyết "+counted(g.Terminated, "vụ"))
	}
	if g.InProgress > 0 {
		s := counted(g.InProgress, "vụ") + " đang giải quyết"
		if g.Overdue > 0 {
			s += " (" + counted(g.Overdue, "vụ") + " đã quá hạn)"
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		// Unreachable with consistent figures: what must be resolved is
		// resolved, terminated or in progress.
		parts = append(parts, "chưa giải quyết xong vụ nào")
	}
	return joinAnd(parts)
}

// other is the "Ngoài ra" sentence: recommendations and reflections routed
// in P. The seed calls them "đề nghị, yêu cầu, kiến nghị"; the figure counts
// the types kiến nghị and phản ánh (SPEC §1), so the text names those. They
// are routed in P whatever their channel, so those received at reception
// are among them too (fixture D4).
func (t *textWriter) other() string {
	o := t.f.Other
	if o.Petitions == 0 {
		return "Ngoài ra, trong kỳ không có đơn kiến nghị, phản ánh phải chuyển đơn, hướng dẫn."
	}
	to := "các cơ quan có liên quan và Chủ tịch " + t.n.Lower
	if t.n.Level == cases.Commune {
		// A commune is the lowest level: it has no lower committee.
		to = "các cơ quan có liên quan"
	}
	return "Ngoài ra " + t.n.Desk + " đã xử lý và tham mưu " + methodWords(o.ByMethod) + " " + counted(o.Petitions, "đơn") + "/" +
		counted(o.Cases, "vụ") + " kiến nghị, phản ánh đến " + to + " giải quyết theo thẩm quyền."
}

// The words of the methods a petition leaves the desk by (SPEC §1, §9), in
// the order the seed writes them ("chuyển đơn, hướng dẫn").
var methodOrder = []struct {
	n    func(Methods) int
	word string
}{
	{func(m Methods) int { return m.Assign }, "giao"},
	{func(m Methods) int { return m.Transfer }, "chuyển đơn"},
	{func(m Methods) int { return m.Guide }, "hướng dẫn"},
	{func(m Methods) int { return m.Urge }, "đôn đốc"},
}

// methodWords names the methods present: "hướng dẫn" when every petition
// was guided, "chuyển đơn, hướng dẫn" when some were transferred and the
// others guided (the seed's words). None present (figures of an older
// cache) gives the seed's words.
func methodWords(m Methods) string {
	var words []string
	for _, w := range methodOrder {
		if w.n(m) > 0 {
			words = append(words, w.word)
		}
	}
	if len(words) == 0 {
		return "chuyển đơn, hướng dẫn"
	}
	return strings.Join(words, ", ")
}

// sentOnVerb is the verb of the petitions sent on from reception, with the
// "đến" that leads to where they went: the seed's "giải thích, hướng dẫn
// đến" for guided petitions (the desk explains to the citizen where to
// go), "chuyển đơn đến" for transferred ones, "giao" and "đôn đốc" without
// "đến" when those are the only methods ("đã giao UBND các xã …").
func sentOnVerb(m Methods) string {
	var words []string
	to := false
	for _, w := range methodOrder {
		if w.n(m) == 0 {
			continue
		}
		word := w.word
		switch word {
		case "hướng dẫn":
			word, to = "giải thích, hướng dẫn", true
		case "chuyển đơn":
			to = true
		}
		words = append(words, word)
	}
	if len(words) == 0 {
		return "giải thích, hướng dẫn đến "
	}
	s := joinAnd(words) + " "
	if to {
		s += "đến "
	}
	return s
}

// handling is the timeliness of handling the petitions received in P, in
// the shape of the seed's section II.3 sentence on administrative files
// ("tổng số hồ sơ nhận là …, tổng hồ sơ đã giải quyết là …; trong đó số hồ
// sơ giải quyết sớm và đúng hạn là … (đạt …%); số hồ sơ giải quyết trễ và
// quá hạn là …; số hồ sơ đang giải quyết trong hạn là …"). The rate is of
// the petitions handled, as there.
func (t *textWriter) handling() string {
	h := t.f.Handling
	handled := h.OnTime + h.Late
	received := handled + h.PendingInTime + h.PendingOverdue
	const label = "Kết quả xử lý đơn thư: Trong kỳ báo cáo"
	if received == 0 {
		return label + " không nhận đơn nào."
	}
	var b strings.Builder
	b.WriteString(label + ", tổng số đơn nhận là " + counted(received, "đơn"))
	if handled == 0 {
		b.WriteString(", chưa có đơn nào được xử lý")
	} else {
		b.WriteString(", tổng số đơn đã xử lý là " + counted(handled, "đơn"))
		b.WriteString("; trong đó số đơn xử lý đúng hạn là " + counted(h.OnTime, "đơn"))
		if p := Ratio(h.OnTime, handled); p != nil {
			b.WriteString(" (đạt " + FormatPercent(*p) + ")")
		}
		if h.Late > 0 {
			b.WriteString("; số đơn xử lý trễ hạn là " + counted(h.Late, "đơn"))
		}
	}
	if h.PendingInTime > 0 {
		b.WriteString("; số đơn đang xử lý trong hạn là " + counted(h.PendingInTime, "đơn"))
	}
	if h.PendingOverdue > 0 {
		b.WriteString("; số đơn quá hạn chưa xử lý là " + counted(h.PendingOverdue, "đơn"))
	}
	b.WriteString(".")
	return b.String()
}

// joinAnd joins "a", "a và b", "a, b và c".
func joinAnd(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " và " + s[len(s)-1]
}

// capitalize upper-cases the first letter: "đã" → "Đã".
func capitalize(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}
