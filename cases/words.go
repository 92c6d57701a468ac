package cases

// The words of the law that depend on the petition (SPEC §9): the Luật Tố
// cáo has its own words where the Luật Khiếu nại says "sai", "quyết định" and
// "lần hai", and a petition ended before it was accepted was never a case
// whose resolution could be "đình chỉ". The enums' Label gives the general
// word; these give the word for one petition. Every page, receipt and export
// that names a verdict, a state, an event or an instance of a petition asks
// here.

// LabelFor is the verdict's name for a petition of type t: a denunciation
// found untrue is "Sai sự thật" (Luật Tố cáo 2018, Điều 35 khoản 2
// điểm c: "tố cáo sai sự thật"), a complaint
// "Sai".
func (v Verdict) LabelFor(t Type) string {
	if t == Denunciation && v == Incorrect {
		return "Sai sự thật"
	}
	return v.Label()
}

// VerdictsFor are the verdicts a petition of type t may be resolved with:
// a complaint or a denunciation is found correct, incorrect or partly
// correct; a recommendation or a reflection is answered. An unclassified
// petition has none.
func VerdictsFor(t Type) []Verdict {
	switch {
	case t.Adjudicated():
		return []Verdict{Correct, Incorrect, PartlyCorrect}
	case t.Valid():
		return []Verdict{Answered}
	}
	return nil
}

// OutcomeWord is what is carried out after a resolved petition of type t:
// the "kết luận nội dung tố cáo" of a denunciation (Luật Tố cáo 2018, Điều
// 35, 36), the "quyết định giải quyết khiếu nại" of a complaint.
func OutcomeWord(t Type) string {
	if t == Denunciation {
		return "kết luận"
	}
	return "quyết định"
}

// InstanceLabel names the instance of a petition of type t: a complaint's
// second instance is "Khiếu nại lần hai", a denunciation's is "Tố cáo tiếp"
// (Luật Tố cáo 2018, Điều 37); a first instance is "Lần đầu". Zero gives "".
func InstanceLabel(t Type, instance int) string {
	switch {
	case instance == 2 && t == Denunciation:
		return "Tố cáo tiếp"
	case instance == 2:
		return "Khiếu nại lần hai"
	case instance == 1:
		return "Lần đầu"
	}
	return ""
}

// StateLabel is the petition's state in the words of the law: a petition
// terminated before it was accepted "Dừng xử lý" (it was never a case whose
// resolution could be suspended or ended), an accepted one "Đình chỉ"; a
// denunciation whose conclusion was carried out "Đã thực hiện kết luận".
func (p *Petition) StateLabel() string {
	switch {
	case p.State == Terminated && p.AcceptedAt == nil:
		return "Dừng xử lý"
	case p.State == Implemented:
		return "Đã thực hiện " + OutcomeWord(p.Type)
	}
	return p.State.Label()
}

// OpLabel is the name of an event op for the petition as it stands: on a
// petition not accepted, terminate is "Dừng xử lý"; on a denunciation,
// implement is "Thực hiện kết luận". For a past event pass the petition as
// it stood before it (its type as classified by then, whether accepted).
func (p *Petition) OpLabel(op Op) string {
	switch {
	case op == OpTerminate && p.AcceptedAt == nil:
		return "Dừng xử lý"
	case op == OpImplement:
		return "Thực hiện " + OutcomeWord(p.Type)
	}
	return op.Label()
}
