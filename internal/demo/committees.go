package demo

import (
	"container/heap"
	"fmt"
	"strconv"
	"strings"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/workflow"
)

// A province's installation from the reform (SPEC §10): the province's
// committee, its sở, and its communes, each a committee of its own — an own
// unit of level commune under the province, with its offices, its desk,
// its weekly reception day, its sessions, petitions and decisions. The
// names are those of communes and wards of Gia Lai after the merger of
// 2025, written as they plausibly read; the list does not claim to be the
// exact one of Nghị quyết của Ủy ban Thường vụ Quốc hội, and the people are
// invented.

// DefaultCommunes is the number of communes a province's history holds
// when Options.Communes is zero.
const DefaultCommunes = 20

// MaxCommunes is the most communes a province's history can hold: the
// names the demo knows.
var MaxCommunes = len(communeList)

type communeEntry struct {
	ref, place string // "xa-ia-grai", "xã Ia Grai"
	remote     bool   // vùng sâu, vùng xa
	highland   bool   // Gia Lai before the merger: villages are làng and plei, not thôn
}

// The entries, by kind: a ward of the coast (Bình Định before the merger)
// or of the highlands (Gia Lai), a commune of the coast, of the highlands,
// or a remote one of the coast.
func ward(ref, name string) communeEntry {
	return communeEntry{ref: "phuong-" + ref, place: "phường " + name}
}
func wardCao(ref, name string) communeEntry {
	return communeEntry{ref: "phuong-" + ref, place: "phường " + name, highland: true}
}
func xa(ref, name string) communeEntry { return communeEntry{ref: "xa-" + ref, place: "xã " + name} }
func xaCao(ref, name string, remote bool) communeEntry {
	return communeEntry{ref: "xa-" + ref, place: "xã " + name, remote: remote, highland: true}
}
func xaXa(ref, name string) communeEntry {
	return communeEntry{ref: "xa-" + ref, place: "xã " + name, remote: true}
}

// communeList is in the order a history takes them: the first twenty (the
// default) mix the coast and the highlands, wards and remote communes.
var communeList = []communeEntry{
	ward("quy-nhon", "Quy Nhơn"), xa("tuy-phuoc", "Tuy Phước"), wardCao("pleiku", "Pleiku"),
	xa("phu-cat", "Phù Cát"), xaCao("ia-grai", "Ia Grai", false), ward("an-nhon", "An Nhơn"),
	xaCao("chu-se", "Chư Sê", false), xa("tay-son", "Tây Sơn"), ward("hoai-nhon", "Hoài Nhơn"),
	xaCao("dak-doa", "Đak Đoa", false), xaXa("an-lao", "An Lão"), xaCao("chu-prong", "Chư Prông", false),
	wardCao("an-khe", "An Khê"), xaXa("van-canh", "Vân Canh"), xaCao("krong-pa", "Krông Pa", true),
	xa("hoai-an", "Hoài Ân"), xaCao("kbang", "Kbang", false), wardCao("ayun-pa", "Ayun Pa"),
	xaCao("ia-puch", "Ia Púch", true), xa("phu-my", "Phù Mỹ"),

	ward("quy-nhon-dong", "Quy Nhơn Đông"), ward("quy-nhon-tay", "Quy Nhơn Tây"),
	ward("quy-nhon-nam", "Quy Nhơn Nam"), ward("quy-nhon-bac", "Quy Nhơn Bắc"),
	ward("an-nhon-dong", "An Nhơn Đông"), ward("an-nhon-nam", "An Nhơn Nam"),
	ward("an-nhon-bac", "An Nhơn Bắc"), ward("binh-dinh", "Bình Định"),
	ward("hoai-nhon-dong", "Hoài Nhơn Đông"), ward("hoai-nhon-tay", "Hoài Nhơn Tây"),
	ward("hoai-nhon-nam", "Hoài Nhơn Nam"), ward("hoai-nhon-bac", "Hoài Nhơn Bắc"),
	ward("tam-quan", "Tam Quan"), ward("bong-son", "Bồng Sơn"), wardCao("hoi-phu", "Hội Phú"),
	wardCao("thong-nhat", "Thống Nhất"), wardCao("dien-hong", "Diên Hồng"), wardCao("an-phu", "An Phú"),
	wardCao("an-binh", "An Bình"),

	xa("tuy-phuoc-dong", "Tuy Phước Đông"), xa("tuy-phuoc-tay", "Tuy Phước Tây"),
	xa("tuy-phuoc-bac", "Tuy Phước Bắc"), xa("cat-tien", "Cát Tiến"), xa("de-gi", "Đề Gi"),
	xa("hoa-hoi", "Hòa Hội"), xa("hoi-son", "Hội Sơn"), xa("ngo-may", "Ngô Mây"),
	xa("xuan-an", "Xuân An"), xa("phu-my-dong", "Phù Mỹ Đông"), xa("phu-my-tay", "Phù Mỹ Tây"),
	xa("phu-my-nam", "Phù Mỹ Nam"), xa("phu-my-bac", "Phù Mỹ Bắc"), xa("an-luong", "An Lương"),
	xa("binh-duong", "Bình Dương"), xa("binh-khe", "Bình Khê"), xa("binh-phu", "Bình Phú"),
	xa("binh-hiep", "Bình Hiệp"), xa("binh-an", "Bình An"), xa("an-hao", "Ân Hảo"),
	xa("an-tuong", "Ân Tường"), xa("kim-son", "Kim Sơn"), xa("van-duc", "Vạn Đức"),
	xa("an-hoa", "An Hòa"), xaXa("an-toan", "An Toàn"), xaXa("an-vinh", "An Vinh"),
	xaXa("vinh-thanh", "Vĩnh Thạnh"), xaXa("vinh-son", "Vĩnh Sơn"), xaXa("vinh-thinh", "Vĩnh Thịnh"),
	xaXa("vinh-quang", "Vĩnh Quang"), xaXa("canh-lien", "Canh Liên"), xa("canh-vinh", "Canh Vinh"),
	xaXa("nhon-chau", "Nhơn Châu"),

	xaCao("bien-ho", "Biển Hồ", false), xaCao("gao", "Gào", false), xaCao("chu-pah", "Chư Păh", false),
	xaCao("ia-ly", "Ia Ly", false), xaCao("ia-khuol", "Ia Khươl", false), xaCao("ia-hrung", "Ia Hrung", false),
	xaCao("ia-krai", "Ia Krái", false), xaCao("duc-co", "Đức Cơ", false), xaCao("ia-dok", "Ia Dơk", false),
	xaCao("ia-krel", "Ia Krêl", false), xaCao("bau-can", "Bàu Cạn", false), xaCao("ia-boong", "Ia Boòng", false),
	xaCao("ia-lau", "Ia Lâu", false), xaCao("ia-pia", "Ia Pia", false), xaCao("bo-ngoong", "Bờ Ngoong", false),
	xaCao("ia-ko", "Ia Ko", false), xaCao("chu-puh", "Chư Pưh", false), xaCao("ia-hru", "Ia Hrú", false),
	xaCao("ia-le", "Ia Le", false), xaCao("kon-gang", "Kon Gang", false), xaCao("ia-bang", "Ia Băng", false),
	xaCao("mang-yang", "Mang Yang", false), xaCao("lo-pang", "Lơ Pang", false), xaCao("kon-chieng", "Kon Chiêng", true),
	xaCao("dak-po", "Đak Pơ", false), xaCao("ya-hoi", "Ya Hội", false), xaCao("kong-chro", "Kông Chro", true),
	xaCao("ya-ma", "Ya Ma", true), xaCao("chu-krey", "Chư Krey", true), xaCao("kong-bo-la", "Kông Bơ La", false),
	xaCao("to-tung", "Tơ Tung", true), xaCao("son-lang", "Sơn Lang", true), xaCao("ia-pa", "Ia Pa", false),
	xaCao("ia-tul", "Ia Tul", true), xaCao("phu-thien", "Phú Thiện", false), xaCao("ia-sol", "Ia Sol", false),
	xaCao("ia-rsai", "Ia Rsai", true), xaCao("chu-ngoc", "Chư Ngọc", false), xaCao("dak-song", "Đăk Song", true),
	xaCao("phu-tuc", "Phú Túc", false), xaCao("ia-dreh", "Ia Dreh", true), xaCao("uar", "Uar", true),
	xaCao("al-ba", "Al Bá", true), xaCao("chu-a-thai", "Chư A Thai", false), xaCao("ia-mo", "Ia Mơ", true),
	xaCao("ia-nan", "Ia Nan", true), xaCao("ia-pnon", "Ia Pnôn", true), xaCao("ia-tor", "Ia Tôr", false),
	xaCao("ha-tam", "Hà Tam", false),
}

// Villages of the highland communes: làng and plei of the Jrai and Bahnar.
var highlandVillages = []string{"làng Mơ Nú", "plei Ơi", "làng Đê Kôn", "plei Kly", "làng Kép",
	"plei Tơ Nghê", "làng Nhao", "plei Bông", "làng Grai Mek", "plei Breng", "làng Chuet",
	"plei Ring", "làng Bò", "plei Thơ Ga", "làng Klăh", "plei Djrăng", "làng Kon Hra",
	"plei Pông", "làng Đăk Pơ Kao", "plei Ia Bang", "thôn Hòa Bình", "thôn Thanh Bình",
	"thôn Quyết Thắng", "thôn Đồng Tâm"}

// slug is the commune's part of its users' names: its ref without dashes
// ("xaiagrai").
func (e communeEntry) slug() string { return strings.ReplaceAll(e.ref, "-", "") }

// bornCode is the province code of the ID numbers of the commune's people:
// Gia Lai's (064) in the highlands, Bình Định's (052) on the coast.
func (e communeEntry) bornCode() string {
	if e.highland {
		return "064"
	}
	return "052"
}

func (e communeEntry) isWard() bool { return strings.HasPrefix(e.ref, "phuong-") }

// weight is the commune's share of the petitions, against the province's
// committee's 100: a ward 15, a commune 10, a remote commune 6.
func (e communeEntry) weight() int {
	switch {
	case e.isWard():
		return 15
	case e.remote:
		return 6
	}
	return 10
}

// Reception days of the communes, by index: each head receives on one day
// a week, the communes spread from Tuesday to Friday (not Monday, which the
// first week of the reform, from Tuesday 01/07/2025, lacks). A day off
// moves the reception within its week: to the next working day early in
// the week, to the one before late in it.
var weekdays = [4]struct {
	en, vi string
	move   workflow.MoveRule
	rule   string
}{
	{"tuesday", "thứ Ba", workflow.MoveNext, "liền sau"},
	{"wednesday", "thứ Tư", workflow.MoveNext, "liền sau"},
	{"thursday", "thứ Năm", workflow.MovePrevious, "liền trước"},
	{"friday", "thứ Sáu", workflow.MovePrevious, "liền trước"},
}

// communeOffices are the first n communes of the list as committees under
// province, in force from its first day.
func communeOffices(n int, province *office) ([]*office, error) {
	if n < 1 || n > len(communeList) {
		return nil, fmt.Errorf("demo: a province's history holds from 1 to %d communes, not %d", len(communeList), n)
	}
	out := make([]*office, n)
	for k := range n {
		out[k] = communeOfficeOf(k, communeList[k], province)
	}
	return out, nil
}

func communeOfficeOf(k int, e communeEntry, province *office) *office {
	s := e.slug()
	economy := "Phòng Kinh tế " + e.place
	if e.isWard() {
		economy = "Phòng Kinh tế, Hạ tầng và Đô thị " + e.place
	}
	authority := "UBND xã"
	if e.isWard() {
		authority = "UBND phường"
	}
	day := weekdays[k%len(weekdays)]
	o := &office{
		from: province.from,
		ref:  e.ref, name: "UBND " + e.place, level: cases.Commune, parent: province.ref, remote: e.remote,
		departments: []unitInfo{
			{ref: e.ref + "-van-phong", name: "Văn phòng HĐND và UBND " + e.place, head: "vanphong." + s},
			{ref: e.ref + "-kinh-te", name: economy, head: "kinhte." + s},
			{ref: e.ref + "-vhxh", name: "Phòng Văn hóa - Xã hội " + e.place, head: "vhxh." + s},
		},
		deptMap: communeOffice.deptMap,
		judicial: []string{
			"Tòa án nhân dân khu vực",
			"Viện kiểm sát nhân dân khu vực",
			"Công an " + e.place,
			"Phòng Thi hành án dân sự khu vực",
		},
		other: []string{
			"Ủy ban Kiểm tra Đảng ủy " + e.place,
			"Sở Nông nghiệp và Môi trường tỉnh Gia Lai",
			"Thanh tra tỉnh Gia Lai",
			"Bảo hiểm xã hội tỉnh Gia Lai",
			"Công ty Điện lực Gia Lai",
			"Văn phòng Đăng ký đất đai tỉnh Gia Lai",
			"Ngân hàng Chính sách xã hội chi nhánh tỉnh Gia Lai",
			"Sở Xây dựng tỉnh Gia Lai",
		},
		transferFrom: []string{
			"Ban Tiếp công dân tỉnh Gia Lai",
			"Văn phòng Đoàn ĐBQH và HĐND tỉnh Gia Lai",
			"Ủy ban MTTQ Việt Nam " + e.place,
			"Thanh tra tỉnh Gia Lai",
			"Văn phòng Đảng ủy " + e.place,
		},
		leaders:   communeLeaders(k, e.place),
		chairman:  "chutich." + s,
		desk:      "tiepdan." + s,
		reception: "Nơi tiếp công dân UBND " + e.place,
		area:      e.place, landAuthority: authority,
		local:   func(person) string { return e.place },
		village: func(p person) string { return communeVillage(k, e, p.hamlet) },
		born:    func(person) string { return e.bornCode() },
		address: ", tỉnh Gia Lai",
		plan: workflow.ReceptionPeriod{From: province.from, Weekdays: []string{day.en}, Move: day.move,
			Leaders: []string{"Chủ tịch UBND " + e.place},
			Source:  "Luật Tiếp công dân 2013, Điều 15 khoản 2 điểm d (Chủ tịch UBND cấp xã tiếp ít nhất 01 ngày trong 01 tuần); " + day.vi + " hằng tuần, trùng ngày nghỉ thì tiếp vào ngày làm việc " + day.rule},
	}
	return o
}

// communeVillage is the k-th hamlet (of four) of commune e: a ward's
// residential groups, a highland commune's villages, a lowland commune's
// thôn.
func communeVillage(k int, e communeEntry, h int) string {
	switch {
	case e.isWard():
		return "tổ dân phố " + strconv.Itoa(1+(k*5+h*3)%14)
	case e.highland:
		return highlandVillages[(k*4+h)%len(highlandVillages)]
	}
	return "thôn " + hamlets[(k*3+h)%len(hamlets)]
}

// communeLeaders are the chairman and two deputies of commune k, the same
// whatever the seed.
func communeLeaders(k int, place string) []string {
	r := mix(0, 30, uint64(k))
	out := make([]string, 3)
	for i, title := range []string{"Chủ tịch", "Phó Chủ tịch", "Phó Chủ tịch"} {
		p := personOf(int64(r.next()), r.next())
		form := "Bà "
		if p.male {
			form = "Ông "
		}
		out[i] = form + p.name + ", " + title + " UBND " + place
	}
	return out
}

// provinceWithCommunes is the province after the reform whose communes are
// committees of its installation: what it sends down (route to=lower) goes
// to a commune's own desk.
func provinceWithCommunes(n int) (*office, error) {
	o := *provinceAfter
	communes, err := communeOffices(n, &o)
	if err != nil {
		return nil, err
	}
	o.communes = communes
	o.lowers = make([]unitInfo, n)
	for k, c := range communes {
		e := communeList[k]
		o.lowers[k] = unitInfo{ref: c.ref, name: c.name, head: c.chairman, place: e.place, remote: e.remote}
	}
	o.local = func(p person) string { return communeList[p.wide%n].place }
	o.village = func(p person) string { return communeVillage(p.wide%n, communeList[p.wide%n], p.hamlet) }
	o.born = func(p person) string { return communeList[p.wide%n].bornCode() }
	return &o, nil
}

// Account is a user a demo installation gets: its name, role, the
// committee it belongs to (SPEC §10) and, for a head, the unit.
type Account struct {
	Name      string
	Role      cases.Role
	Committee string
	Unit      string
}

// accountCommunes is how many communes get their own accounts in a
// province's demo.
const accountCommunes = 3

// ProvinceAccounts are the accounts of a province's demo installation (o of
// level province): the administrator; the province's reception officer,
// leader (its chairman), reporter and the head of its Sở Nông nghiệp và
// Môi trường, by the names its history records; and,
// for each of the first three communes, its reception officer (công chức
// tiếp dân) and its chairman, named by commune ("tiepdan.phuongquynhon",
// "chutich.phuongquynhon"), the names its history records.
func ProvinceAccounts(o Options) ([]Account, error) {
	if o.Level != cases.Province {
		return nil, fmt.Errorf("demo: accounts by committee are a province's, not a %q history's", o.Level)
	}
	p, err := provinceWithCommunes(o.communes())
	if err != nil {
		return nil, err
	}
	out := []Account{
		{Name: userAdmin, Role: cases.RoleAdmin},
		{Name: deskUser(0), Role: cases.RoleReception, Committee: p.ref},
		{Name: p.chairman, Role: cases.RoleLeader, Committee: p.ref},
		{Name: "baocao.tinh", Role: cases.RoleReporter, Committee: p.ref},
		{Name: p.departments[0].head, Role: cases.RoleHead, Committee: p.ref, Unit: p.departments[0].ref},
	}
	for _, c := range p.communes[:min(accountCommunes, len(p.communes))] {
		out = append(out,
			Account{Name: c.desk, Role: cases.RoleReception, Committee: c.ref},
			Account{Name: c.chairman, Role: cases.RoleLeader, Committee: c.ref})
	}
	return out, nil
}

// sendUp plans the route of a commune's petition to the province (route
// to=other naming the province's committee), and the province's linked
// petition that follows it.
func (pl *planner) sendUp() {
	p := pl.p
	p.dest, p.unit = cases.ToOther, upToProvince
	pl.addRoute(cases.Transfer)
	pl.g.linkedPetition(p, pl.t)
}

// linkedPetition plans what the province does with the matter commune
// petition from sent up at instant routed. The store records the linked
// petition itself with the route (channel transfer_in, transferred_from
// naming the commune's petition: one matter, not two, SPEC §10;
// cases.LinkedPetition names it "<ref>.<province>"), so the demo writes no
// petition command for it: the province's events name the petition the
// store created, and it handles it in its own departments.
func (g *generator) linkedPetition(from *petition, routed int64) {
	r := mix(g.seed, 25, uint64(from.idx))
	received := routed // recorded with the route (cases.LinkedPetition)
	// The province takes it up once the file has come by post, after the
	// commune's desk has recorded the route (at most 3 days after it,
	// emitStep): the linked petition exists from then.
	start := afterWD(&r, routed+4*daySeconds, 0, 3)
	if start >= g.end {
		return
	}
	q := g.alloc()
	q.idx = g.count
	g.count++
	q.ref = from.ref + "." + g.offices[g.officeOn(dateOf(routed))].ref
	q.received = received
	q.channel = cases.TransferredIn
	q.people = from.people
	q.desk = uint8(r.intn(receptionDesk))
	q.personKey, q.subjectKey = from.personKey, from.subjectKey
	q.nature, q.field = from.nature, from.field
	q.from, q.home = from.ref, from.committee
	q.commune = from.committee - 1

	pl := planner{g: g, p: q, r: &r, t: start}
	// The province classifies it as the commune did, and settles it in its
	// own departments: the second instance of a complaint, a denunciation
	// of a commune's official.
	q.typ, q.cx, q.inst = from.typ, from.cx, from.inst
	c := index(complexities, q.cx) | 1<<2 | uint8(q.inst)<<3
	pl.add(step{at: afterWD(&r, pl.t, 0, 3), op: stClassify, a: index(types, q.typ), b: index(fields, q.field), c: c})
	q.dest, q.unit = cases.ToOwn, int16(pl.department())
	pl.addRoute(cases.Assign)
	if q.typ.Adjudicated() {
		pl.adjudicate()
	} else {
		pl.answer()
	}
	pl.repeatVisits()
	pl.sortAndCut()
	if len(q.steps) == 0 {
		g.release(q)
		return
	}
	q.nextAt = q.steps[0].at
	heap.Push(&g.queue, q)
}

// CommitteePlan is the reception plan of one committee under the
// installation's, in the format of workflow/reception.json.
type CommitteePlan struct {
	Committee, Name string
	Plan            []byte
}

// CommitteePlans are the reception plans of the committees a history holds
// besides the installation's (whose plan is ReceptionPlan): a province's
// communes, each head receiving on one day a week; none for a history of
// one committee. The plan file has no committee of its own, so each
// committee's is a file of its own (`tiepdan demo --plans DIR`).
func CommitteePlans(o Options) ([]CommitteePlan, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	offices, err := officesOf(o.Level, o.communes(), o.From, o.To)
	if err != nil {
		return nil, err
	}
	var out []CommitteePlan
	for _, of := range offices {
		for _, c := range of.communes {
			js, err := planJSON([]*office{c})
			if err != nil {
				return nil, err
			}
			out = append(out, CommitteePlan{Committee: c.ref, Name: c.name, Plan: js})
		}
	}
	return out, nil
}
