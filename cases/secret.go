package cases

// MaskedName is what everyone without the right to know reads in place of a
// protected denouncer's identity.
const MaskedName = "(Người tố cáo được giữ bí mật)"

// The denouncer's secret from the first minute (SPEC §7, §9; Luật Tố cáo
// Arts. 8, 9, 47): the petitioner of a petition not yet classified, or ever
// classified as a denunciation, is protected unless the petition command
// carried the denouncer's written waiver (secret_waived). A leader's
// `secret` command lifts the protection — only when the petition is no
// longer classified as a denunciation, or the denouncer waived it in
// writing — or sets it again; the last one decides.

// SecretReason is why a leader lifts the protection of a petitioner's
// identity: the two cases the law leaves for it.
type SecretReason string

// The reasons a protection is lifted.
const (
	// NotDenunciation: the petition was reclassified as something other than
	// a denunciation (a complaint, a recommendation): its petitioner is no
	// denouncer, and its handler must know whom to answer or hold the
	// dialogue with.
	NotDenunciation SecretReason = "not_denunciation"
	// WaivedInWriting: the denouncer waived the protection in writing (Luật
	// Tố cáo Art. 47.1: "trừ trường hợp người tố cáo tự tiết lộ").
	WaivedInWriting SecretReason = "waived_in_writing"
)

var secretReasonLabels = map[SecretReason]string{
	NotDenunciation: "Đơn không còn được phân loại là đơn tố cáo",
	WaivedInWriting: "Người tố cáo đồng ý bằng văn bản việc không giữ bí mật",
}

// Label is the reason's Vietnamese name.
func (r SecretReason) Label() string { return label(secretReasonLabels, r) }

// Valid reports whether r is a known reason.
func (r SecretReason) Valid() bool { _, ok := secretReasonLabels[r]; return ok }

// SecretReasons lists the reasons a protection is lifted, in the order the
// pages offer them.
var SecretReasons = []SecretReason{NotDenunciation, WaivedInWriting}

// secret checks a secret command's own fields: protected, and a reason —
// for a lift, one of SecretReasons; for a protection set again, the
// leader's words.
func (v *validator) secret() {
	c := v.c
	if c.Protected == nil {
		v.fail("protected", "is required for secret (true sets the protection, false lifts it)")
		return
	}
	if *c.Protected {
		v.text("reason", c.Reason, true, 1000)
		return
	}
	if r := SecretReason(c.Reason); !r.Valid() && v.err == nil {
		v.err = FieldErrorf("reason", "a lift of the protection must say why: not_denunciation (the petition is no longer classified as a denunciation) or waived_in_writing (the denouncer waived it in writing), not %q", c.Reason).
			VI("Chỉ được thôi giữ bí mật thông tin người gửi đơn khi đơn không còn là đơn tố cáo hoặc người tố cáo đồng ý bằng văn bản: chọn một trong hai lý do đó.")
	}
}

// Masked returns a copy of the petition whose petitioner's identity and
// contact data are hidden when they are protected (Denouncer). Other
// petitions are returned unchanged.
func (p *Petition) Masked() *Petition {
	if !p.Denouncer() {
		return p
	}
	cp := *p
	cp.Petitioner = Person{Name: MaskedName}
	return &cp
}

// Denouncer reports whether the petitioner's identity is protected as a
// denouncer's: a leader set it again; or no leader lifted it, no waiver was
// recorded at the desk, and the petition is not classified yet or was ever
// classified a denunciation.
func (p *Petition) Denouncer() bool {
	switch {
	case p.SecretKept:
		return true
	case p.SecretLifted != "":
		return false
	}
	return !p.SecretWaived && (p.Protected || p.Type == "")
}

// applySecret folds a leader's secret command.
func (p *Petition) applySecret(c *Command) {
	if c.Protected != nil && *c.Protected {
		p.SecretKept, p.SecretLifted = true, ""
		return
	}
	p.SecretKept, p.SecretLifted = false, SecretReason(c.Reason)
}
