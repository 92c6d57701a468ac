package workflow

import "github.com/tiepdan/tiepdan/cases"

// decideSecret judges a leader's secret command (SPEC §9, cases/secret.go)
// against the petition as recorded: a lift only of a protection in force,
// for a petition classified as something other than a denunciation or by the
// denouncer's written waiver; a protection set again only where none is in
// force. It moves no petition: the state stays.
func decideSecret(c *cases.Command, p *cases.Petition) (cases.State, error) {
	if p == nil {
		return "", notFoundError("petition", "petition", c.Petition)
	}
	if at := c.AtTime(); at.Before(p.LastAt) {
		return "", cases.Errorf(cases.EConflict, "at %s is earlier than the petition's previous event at %s",
			instantText(at), instantText(p.LastAt))
	}
	if *c.Protected {
		if p.Denouncer() {
			return "", secretError("protected", "the identity of the petitioner of %s is already protected", p.Ref).
				VI("Thông tin người gửi đơn %s đang được giữ bí mật.", p.Ref)
		}
		return p.State, nil
	}
	if !p.Denouncer() {
		return "", secretError("protected", "the identity of the petitioner of %s is not protected: there is nothing to lift", p.Ref).
			VI("Thông tin người gửi đơn %s không thuộc diện giữ bí mật.", p.Ref)
	}
	if cases.SecretReason(c.Reason) == cases.NotDenunciation {
		switch p.Type {
		case "":
			return "", secretError("reason", "petition %s is not classified yet: it may be a denunciation, so its petitioner stays protected unless the denouncer waived it in writing (waived_in_writing)", p.Ref).
				VI("Đơn %s chưa được phân loại, có thể là đơn tố cáo: chỉ được thôi giữ bí mật khi người gửi đơn đồng ý bằng văn bản.", p.Ref)
		case cases.Denunciation:
			return "", secretError("reason", "petition %s is classified as a denunciation: its denouncer stays protected unless they waived it in writing (waived_in_writing)", p.Ref).
				VI("Đơn %s đang được phân loại là đơn tố cáo: chỉ được thôi giữ bí mật thông tin người tố cáo khi người tố cáo đồng ý bằng văn bản.", p.Ref)
		}
	}
	return p.State, nil
}

func secretError(field, format string, args ...any) *cases.Error {
	e := cases.Errorf(cases.EConflict, format, args...)
	e.Field = field
	return e
}
