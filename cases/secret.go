package cases

// MaskedName is what everyone without the right to know reads in place of a
// protected denouncer's identity.
const MaskedName = "(Người tố cáo được giữ bí mật)"

// Masked returns a copy of the petition whose petitioner's identity and
// contact data are hidden when they are a protected denouncer's (Luật Tố cáo
// Arts. 8, 47). Other petitions are returned unchanged.
func (p *Petition) Masked() *Petition {
	if !p.Denouncer() {
		return p
	}
	cp := *p
	cp.Petitioner = Person{Name: MaskedName}
	return &cp
}
