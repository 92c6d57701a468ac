package demo

import (
	"encoding/json"
	"fmt"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/workflow"
)

// The offices a demo history goes through. Each office is the installation's
// committee in one stretch of time, with its departments, its lower
// committees (none for a commune), the agencies it sends matters to, its
// leaders and its reception days. A history of a commune begins with the
// district that preceded it: on 1 July 2025 (two-tier local government) the
// commune formed from the merger takes over. A province's history crosses
// the same day, when Bình Định was merged into Gia Lai (Nghị quyết
// 202/2025/QH15) and the province's lower committees became communes.
//
// Every office's lists of agencies have the same length and order as the
// district's, and its departments are reached through deptMap from the
// district's department indexes, so the plan of a petition draws the same
// numbers whichever office it is in.

// reform is the first day of two-tier local government: districts ceased.
var reform = cases.NewDate(2025, 7, 1)

// unitDates are the level and dates a unit command carries.
type unitDates struct {
	level      cases.Level
	validFrom  cases.Date
	validUntil cases.Date
}

type office struct {
	from cases.Date // first day it is in force

	ref, name, lowerLabel string
	level                 cases.Level
	validUntil            cases.Date
	replaces              []string // the committee it takes over from

	departments []unitInfo
	// deptReplaces lists, by department, the departments of the previous
	// office that it takes over from.
	deptReplaces [][]string
	// deptMap maps the district's department indexes (deptTNMT …) to this
	// office's.
	deptMap [7]int

	lowers     []unitInfo
	lowerDates unitDates
	// communes, when there are any, are the committees of the
	// installation under this one (SPEC §10), in the order of lowers:
	// each is recorded as an own unit of level commune with its offices,
	// and keeps its own desk. parent and remote are a commune's.
	communes []*office
	parent   string
	remote   bool

	judicial, other []string
	transferFrom    []string

	leaders   []string
	chairman  string // the username that signs the committee's decisions
	desk      string // a commune's reception officer; "" for the desk of three
	reception string // where citizens are received

	// area names the committee's territory in a summary ("huyện Tuy
	// Phước"); local names a citizen's commune; address follows it;
	// village names the citizen's hamlet (nil: hamlet, by the district's
	// communes).
	area    string
	local   func(p person) string
	village func(p person) string
	// born is the province code of a citizen's ID number, the province of
	// their birth registration (nil: 052, Bình Định; 064 is Gia Lai's).
	born    func(p person) string
	address string
	// landAuthority recovers land: the district, then the commune (Luật
	// Đất đai 2024 as amended for two-tier local government).
	landAuthority string

	plan workflow.ReceptionPeriod
}

// The district of the seed report, until the reform.
var districtOffice = &office{
	ref: ownRef, name: ownName, lowerLabel: "UBND các xã, thị trấn",
	level: cases.District, validUntil: reform - 1,
	departments: departments, deptMap: [7]int{0, 1, 2, 3, 4, 5, 6},
	lowers: lowers, lowerDates: unitDates{level: cases.Commune},
	judicial: judicialAgencies, other: otherAgencies, transferFrom: transferSources,
	leaders: leaders, chairman: userChairman, reception: receptionOffice,
	area: "huyện Tuy Phước", landAuthority: "UBND huyện",
	local:   func(p person) string { return lowers[p.commune].place },
	address: ", huyện Tuy Phước, tỉnh Bình Định",
	plan: workflow.ReceptionPeriod{From: cases.NewDate(2014, 7, 1), DaysOfMonth: []int{9, 24},
		Leaders: []string{"Chủ tịch UBND huyện Tuy Phước"},
		Source:  "Luật Tiếp công dân 2013, Điều 13 khoản 5 (Chủ tịch UBND cấp huyện tiếp ít nhất 02 ngày trong 01 tháng); ngày 09 và 24 hằng tháng theo Quy chế tiếp công dân của UBND huyện"},
}

// The commune formed on 1 July 2025 from the two towns and three communes
// of Tuy Phước around the district's seat; the other eight communes went to
// neighbouring new communes and leave the installation.
var communeOffice = &office{
	from: reform,
	ref:  "ubnd-xa-tuy-phuoc", name: "UBND xã Tuy Phước", level: cases.Commune,
	replaces: []string{ownRef},
	departments: []unitInfo{
		{ref: "xa-tuy-phuoc-van-phong", name: "Văn phòng HĐND và UBND xã Tuy Phước", head: "chanhvanphong.xatuyphuoc"},
		{ref: "xa-tuy-phuoc-phong-kinh-te", name: "Phòng Kinh tế xã Tuy Phước", head: "truongphong.kinhte"},
		{ref: "xa-tuy-phuoc-phong-vhxh", name: "Phòng Văn hóa - Xã hội xã Tuy Phước", head: "truongphong.vhxh"},
	},
	deptReplaces: [][]string{
		{"thanh-tra-huyen", "phong-tu-phap", "phong-noi-vu"},
		{"phong-tnmt", "phong-ktht", "phong-nnptnt"},
		{"phong-ldtbxh"},
	},
	// Land, construction and agriculture go to the economic office; the
	// inspectorate's, justice's and civil service's matters to the office
	// of the council and committee; social policy to culture and society.
	deptMap: [7]int{deptTNMT: 1, deptThanhTra: 0, deptLDTBXH: 2, deptKTHT: 1, deptTuPhap: 0, deptNoiVu: 0, deptNNPTNT: 1},
	judicial: []string{
		"Tòa án nhân dân khu vực",
		"Viện kiểm sát nhân dân khu vực",
		"Công an xã Tuy Phước",
		"Phòng Thi hành án dân sự khu vực",
	},
	other: []string{
		"Ủy ban Kiểm tra Đảng ủy xã Tuy Phước",
		"Sở Nông nghiệp và Môi trường tỉnh Gia Lai",
		"Thanh tra tỉnh Gia Lai",
		"Bảo hiểm xã hội tỉnh Gia Lai",
		"Điện lực Tuy Phước",
		"Văn phòng Đăng ký đất đai tỉnh Gia Lai",
		"Ngân hàng Chính sách xã hội tỉnh Gia Lai",
		"Sở Xây dựng tỉnh Gia Lai",
	},
	transferFrom: []string{
		"Ban Tiếp công dân tỉnh Gia Lai",
		"Văn phòng Đoàn ĐBQH và HĐND tỉnh Gia Lai",
		"Ủy ban MTTQ Việt Nam xã Tuy Phước",
		"Thanh tra tỉnh Gia Lai",
		"Văn phòng Đảng ủy xã Tuy Phước",
	},
	leaders: []string{
		"Ông Phan Văn Tâm, Chủ tịch UBND xã Tuy Phước",
		"Bà Nguyễn Thị Kim Oanh, Phó Chủ tịch UBND xã Tuy Phước",
		"Ông Võ Minh Trí, Phó Chủ tịch UBND xã Tuy Phước",
	},
	chairman:  "chutich.xatuyphuoc",
	reception: "Nơi tiếp công dân UBND xã Tuy Phước",
	area:      "xã Tuy Phước", landAuthority: "UBND xã",
	local:   func(person) string { return "xã Tuy Phước" },
	address: ", tỉnh Gia Lai",
	plan: workflow.ReceptionPeriod{From: reform, Weekdays: []string{"thursday"}, Move: workflow.MovePrevious,
		Leaders: []string{"Chủ tịch UBND xã Tuy Phước"},
		Source:  "Luật Tiếp công dân 2013, Điều 15 khoản 2 điểm d (Chủ tịch UBND cấp xã tiếp ít nhất 01 ngày trong 01 tuần); thứ Năm hằng tuần, trùng ngày nghỉ thì tiếp vào ngày làm việc liền trước"},
}

// The province: Bình Định with its districts until the reform, then Gia
// Lai, into which it was merged, with its communes.
var provinceBefore = &office{
	ref: "ubnd-tinh-binh-dinh", name: "UBND tỉnh Bình Định", lowerLabel: "UBND các huyện, thị xã, thành phố",
	level: cases.Province, validUntil: reform - 1,
	departments: []unitInfo{
		{ref: "so-tnmt-binh-dinh", name: "Sở Tài nguyên và Môi trường tỉnh Bình Định", head: "giamdoc.sotnmt"},
		{ref: "thanh-tra-binh-dinh", name: "Thanh tra tỉnh Bình Định", head: "chanhthanhtra.tinh"},
		{ref: "so-ldtbxh-binh-dinh", name: "Sở Lao động - Thương binh và Xã hội tỉnh Bình Định", head: "giamdoc.soldtbxh"},
		{ref: "so-xay-dung-binh-dinh", name: "Sở Xây dựng tỉnh Bình Định", head: "giamdoc.soxaydung"},
		{ref: "so-tu-phap-binh-dinh", name: "Sở Tư pháp tỉnh Bình Định", head: "giamdoc.sotuphap"},
		{ref: "so-noi-vu-binh-dinh", name: "Sở Nội vụ tỉnh Bình Định", head: "giamdoc.sonoivu"},
		{ref: "so-nnptnt-binh-dinh", name: "Sở Nông nghiệp và Phát triển nông thôn tỉnh Bình Định", head: "giamdoc.sonnptnt"},
	},
	deptMap: [7]int{0, 1, 2, 3, 4, 5, 6},
	lowers: []unitInfo{
		{ref: "tp-quy-nhon", name: "UBND thành phố Quy Nhơn", head: "chutich.quynhon", place: "thành phố Quy Nhơn"},
		{ref: "tx-an-nhon", name: "UBND thị xã An Nhơn", head: "chutich.annhon", place: "thị xã An Nhơn"},
		{ref: "tx-hoai-nhon", name: "UBND thị xã Hoài Nhơn", head: "chutich.hoainhon", place: "thị xã Hoài Nhơn"},
		{ref: "huyen-tuy-phuoc", name: "UBND huyện Tuy Phước", head: "chutich.tuyphuoc", place: "huyện Tuy Phước"},
		{ref: "huyen-phu-cat", name: "UBND huyện Phù Cát", head: "chutich.phucat", place: "huyện Phù Cát"},
		{ref: "huyen-phu-my", name: "UBND huyện Phù Mỹ", head: "chutich.phumy", place: "huyện Phù Mỹ"},
		{ref: "huyen-tay-son", name: "UBND huyện Tây Sơn", head: "chutich.tayson", place: "huyện Tây Sơn"},
		{ref: "huyen-hoai-an", name: "UBND huyện Hoài Ân", head: "chutich.hoaian", place: "huyện Hoài Ân"},
		{ref: "huyen-an-lao", name: "UBND huyện An Lão", head: "chutich.anlao", place: "huyện An Lão", remote: true},
		{ref: "huyen-vinh-thanh", name: "UBND huyện Vĩnh Thạnh", head: "chutich.vinhthanh", place: "huyện Vĩnh Thạnh", remote: true},
		{ref: "huyen-van-canh", name: "UBND huyện Vân Canh", head: "chutich.vancanh", place: "huyện Vân Canh", remote: true},
	},
	lowerDates: unitDates{level: cases.District, validUntil: reform - 1},
	judicial: []string{
		"Tòa án nhân dân tỉnh Bình Định",
		"Viện kiểm sát nhân dân tỉnh Bình Định",
		"Công an tỉnh Bình Định",
		"Cục Thi hành án dân sự tỉnh Bình Định",
	},
	other: []string{
		"Ủy ban Kiểm tra Tỉnh ủy Bình Định",
		"Bộ Tài nguyên và Môi trường",
		"Thanh tra Chính phủ",
		"Bảo hiểm xã hội tỉnh Bình Định",
		"Công ty Điện lực Bình Định",
		"Văn phòng Đăng ký đất đai tỉnh Bình Định",
		"Ngân hàng Chính sách xã hội chi nhánh tỉnh Bình Định",
		"Bộ Xây dựng",
	},
	transferFrom: []string{
		"Ban Tiếp công dân Trung ương",
		"Văn phòng Đoàn ĐBQH và HĐND tỉnh Bình Định",
		"Ủy ban MTTQ Việt Nam tỉnh Bình Định",
		"Thanh tra Chính phủ",
		"Văn phòng Tỉnh ủy Bình Định",
	},
	leaders: []string{
		"Ông Trần Quốc Bảo, Chủ tịch UBND tỉnh Bình Định",
		"Ông Đỗ Văn Lực, Phó Chủ tịch UBND tỉnh Bình Định",
		"Bà Huỳnh Thị Mai Anh, Phó Chủ tịch UBND tỉnh Bình Định",
	},
	chairman:  "chutich.tinh",
	reception: "Trụ sở Tiếp công dân tỉnh Bình Định",
	area:      "tỉnh Bình Định", landAuthority: "UBND huyện",
	address: ", tỉnh Bình Định",
	plan: workflow.ReceptionPeriod{From: cases.NewDate(2014, 7, 1), DaysOfMonth: []int{15},
		Leaders: []string{"Chủ tịch UBND tỉnh"},
		Source:  "Luật Tiếp công dân 2013, Điều 12 khoản 5 (Chủ tịch UBND cấp tỉnh tiếp ít nhất 01 ngày trong 01 tháng); ngày 15 hằng tháng"},
}

var provinceAfter = &office{
	from: reform,
	ref:  "ubnd-tinh-gia-lai", name: "UBND tỉnh Gia Lai", lowerLabel: "UBND các xã, phường",
	level: cases.Province, replaces: []string{"ubnd-tinh-binh-dinh"},
	departments: []unitInfo{
		{ref: "so-nnmt-gia-lai", name: "Sở Nông nghiệp và Môi trường tỉnh Gia Lai", head: "giamdoc.sonnmt"},
		{ref: "thanh-tra-gia-lai", name: "Thanh tra tỉnh Gia Lai", head: "chanhthanhtra.gialai"},
		{ref: "so-noi-vu-gia-lai", name: "Sở Nội vụ tỉnh Gia Lai", head: "giamdoc.sonoivu.gialai"},
		{ref: "so-xay-dung-gia-lai", name: "Sở Xây dựng tỉnh Gia Lai", head: "giamdoc.soxaydung.gialai"},
		{ref: "so-tu-phap-gia-lai", name: "Sở Tư pháp tỉnh Gia Lai", head: "giamdoc.sotuphap.gialai"},
	},
	deptReplaces: [][]string{
		{"so-tnmt-binh-dinh", "so-nnptnt-binh-dinh"},
		{"thanh-tra-binh-dinh"},
		{"so-noi-vu-binh-dinh", "so-ldtbxh-binh-dinh"},
		{"so-xay-dung-binh-dinh"},
		{"so-tu-phap-binh-dinh"},
	},
	deptMap: [7]int{deptTNMT: 0, deptThanhTra: 1, deptLDTBXH: 2, deptKTHT: 3, deptTuPhap: 4, deptNoiVu: 2, deptNNPTNT: 0},
	lowers: []unitInfo{
		{ref: "phuong-quy-nhon", name: "UBND phường Quy Nhơn", head: "chutich.pquynhon", place: "phường Quy Nhơn"},
		{ref: "phuong-an-nhon", name: "UBND phường An Nhơn", head: "chutich.pannhon", place: "phường An Nhơn"},
		{ref: "phuong-hoai-nhon", name: "UBND phường Hoài Nhơn", head: "chutich.phoainhon", place: "phường Hoài Nhơn"},
		{ref: "xa-tuy-phuoc", name: "UBND xã Tuy Phước", head: "chutich.xatuyphuoc", place: "xã Tuy Phước"},
		{ref: "xa-phu-cat", name: "UBND xã Phù Cát", head: "chutich.xaphucat", place: "xã Phù Cát"},
		{ref: "xa-phu-my", name: "UBND xã Phù Mỹ", head: "chutich.xaphumy", place: "xã Phù Mỹ"},
		{ref: "xa-tay-son", name: "UBND xã Tây Sơn", head: "chutich.xatayson", place: "xã Tây Sơn"},
		{ref: "xa-hoai-an", name: "UBND xã Hoài Ân", head: "chutich.xahoaian", place: "xã Hoài Ân"},
		{ref: "xa-an-lao", name: "UBND xã An Lão", head: "chutich.xaanlao", place: "xã An Lão", remote: true},
		{ref: "xa-vinh-thanh", name: "UBND xã Vĩnh Thạnh", head: "chutich.xavinhthanh", place: "xã Vĩnh Thạnh", remote: true},
		{ref: "xa-van-canh", name: "UBND xã Vân Canh", head: "chutich.xavancanh", place: "xã Vân Canh", remote: true},
		{ref: "phuong-pleiku", name: "UBND phường Pleiku", head: "chutich.ppleiku", place: "phường Pleiku"},
	},
	lowerDates: unitDates{level: cases.Commune, validFrom: reform},
	judicial: []string{
		"Tòa án nhân dân khu vực",
		"Viện kiểm sát nhân dân khu vực",
		"Công an tỉnh Gia Lai",
		"Thi hành án dân sự tỉnh Gia Lai",
	},
	other: []string{
		"Ủy ban Kiểm tra Tỉnh ủy Gia Lai",
		"Bộ Nông nghiệp và Môi trường",
		"Thanh tra Chính phủ",
		"Bảo hiểm xã hội tỉnh Gia Lai",
		"Công ty Điện lực Gia Lai",
		"Văn phòng Đăng ký đất đai tỉnh Gia Lai",
		"Ngân hàng Chính sách xã hội chi nhánh tỉnh Gia Lai",
		"Bộ Xây dựng",
	},
	transferFrom: []string{
		"Ban Tiếp công dân Trung ương",
		"Văn phòng Đoàn ĐBQH và HĐND tỉnh Gia Lai",
		"Ủy ban MTTQ Việt Nam tỉnh Gia Lai",
		"Thanh tra Chính phủ",
		"Văn phòng Tỉnh ủy Gia Lai",
	},
	leaders: []string{
		"Ông Trần Quốc Bảo, Chủ tịch UBND tỉnh Gia Lai",
		"Ông Đỗ Văn Lực, Phó Chủ tịch UBND tỉnh Gia Lai",
		"Bà Huỳnh Thị Mai Anh, Phó Chủ tịch UBND tỉnh Gia Lai",
	},
	chairman:  "chutich.tinh",
	reception: "Trụ sở Tiếp công dân tỉnh Gia Lai",
	area:      "tỉnh Gia Lai", landAuthority: "UBND xã",
	address: ", tỉnh Gia Lai",
	plan: workflow.ReceptionPeriod{From: reform, DaysOfMonth: []int{15},
		Leaders: []string{"Chủ tịch UBND tỉnh"},
		Source:  "Luật Tiếp công dân 2013, Điều 12 khoản 5 (Chủ tịch UBND cấp tỉnh tiếp ít nhất 01 ngày trong 01 tháng); ngày 15 hằng tháng"},
}

func init() {
	for _, o := range []*office{provinceBefore, provinceAfter} {
		o := o
		o.local = func(p person) string { return o.lowers[p.wide%len(o.lowers)].place }
	}
}

// officesOf lists the offices of a history of level from first to last, the
// earliest first: those in force on some day of the range. A province's
// holds communes committees after the reform.
func officesOf(level cases.Level, communes int, first, last cases.Date) ([]*office, error) {
	var all []*office
	switch level {
	case cases.Commune, "":
		all = []*office{districtOffice, communeOffice}
	case cases.District:
		if last >= reform {
			return nil, fmt.Errorf("demo: a district committee exists only until %s (two-tier local government): end the history by then or write a commune's (level commune), not to %s",
				reform-1, last)
		}
		all = []*office{districtOffice}
	case cases.Province:
		after, err := provinceWithCommunes(communes)
		if err != nil {
			return nil, err
		}
		all = []*office{provinceBefore, after}
	default:
		return nil, fmt.Errorf("demo: level must be commune, district or province, not %q", level)
	}
	var out []*office
	for i, o := range all {
		if i+1 < len(all) && all[i+1].from <= first {
			continue // over before the range
		}
		if o.from > last {
			break
		}
		out = append(out, o)
	}
	return out, nil
}

// officeOn is the office in force on d.
func (g *generator) officeOn(d cases.Date) int {
	i := 0
	for i+1 < len(g.offices) && g.offices[i+1].from <= d {
		i++
	}
	return i
}

// ReceptionPlan is the reception plan of the history o describes, in the
// format of workflow/reception.json: the periodic reception days of each
// committee the history goes through (the district's 9th and 24th, the
// commune's Thursday each week, the province's 15th), so that the schedule,
// the report and the sessions the history holds agree. `serve --demo`
// records it as the admin page would; `tiepdan demo --plan FILE` writes it
// for `--reception FILE`.
func ReceptionPlan(o Options) ([]byte, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	offices, err := officesOf(o.Level, o.communes(), o.From, o.To)
	if err != nil {
		return nil, err
	}
	return planJSON(offices)
}

func planJSON(offices []*office) ([]byte, error) {
	f := struct {
		Version int                        `json:"version"`
		Note    string                     `json:"note"`
		Periods []workflow.ReceptionPeriod `json:"periods"`
	}{Version: 1, Note: "Lịch tiếp công dân định kỳ của lịch sử mẫu (tiepdan demo)."}
	for _, o := range offices {
		f.Periods = append(f.Periods, o.plan)
	}
	return json.MarshalIndent(f, "", "  ")
}
