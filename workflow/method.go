package workflow

import "github.com/tiepdan/tiepdan/cases"

// How a petition leaves the desk (SPEC §1: giao, hướng dẫn, chuyển đơn, đôn
// đốc) is the officer's choice, and the workflow accepts any method: a
// history imported from another system is kept as it was recorded. The desk
// proposes the method the law expects, and the petition page says when a
// recorded method is not it.

// ProposedMethod is the method the desk proposes for a petition of type t
// sent to dest: a petition under the committee's own competence is assigned
// (giao) to a department; a denunciation sent anywhere else is transferred
// (chuyển đơn: Luật Tố cáo 2018, Điều 24 khoản 2; Thông tư 05/2021/TT-TTCP,
// Điều 14 khoản 1), never guided; any other petition sent elsewhere from
// the reception desk is guided (hướng dẫn: the citizen is there and is told
// where to take it). No destination proposes assign, the form's first
// choice.
func ProposedMethod(t cases.Type, dest cases.Destination) cases.Method {
	switch {
	case dest == cases.ToOwn || dest == "":
		return cases.Assign
	case t == cases.Denunciation:
		return cases.Transfer
	}
	return cases.Guide
}

// DenunciationGuidedNote is the petition page's note on a denunciation whose
// route says guide (a history imported from another system): the law wants
// it transferred; what was recorded stays. "" for any other petition.
func DenunciationGuidedNote(p *cases.Petition) string {
	if p.Type != cases.Denunciation || p.Method != cases.Guide || p.RouteTo == cases.ToOwn {
		return ""
	}
	return "Lưu ý: tố cáo không thuộc thẩm quyền phải được chuyển đơn đến cơ quan có thẩm quyền, " +
		"không hướng dẫn người tố cáo (Luật Tố cáo 2018, Điều 24 khoản 2; Thông tư 05/2021/TT-TTCP, Điều 14 khoản 1). " +
		"Hình thức «hướng dẫn» được giữ như lịch sử đã ghi."
}
