package demo

import (
	"strconv"
	"strings"

	"github.com/tiepdan/tiepdan/cases"
)

// The installation: one district committee, its departments and the
// commune-level committees under it. The names are those of Tuy Phước, the
// district of the seed report; the people are invented.

const (
	ownRef  = "ubnd-huyen-tuy-phuoc"
	ownName = "UBND huyện Tuy Phước"
)

type unitInfo struct {
	ref, name, head string // head is the username that records its decisions
	place           string // how an address names it
	remote          bool
}

// Department indexes, by the subjects they handle.
const (
	deptTNMT = iota
	deptThanhTra
	deptLDTBXH
	deptKTHT
	deptTuPhap
	deptNoiVu
	deptNNPTNT
)

var departments = []unitInfo{
	{ref: "phong-tnmt", name: "Phòng Tài nguyên và Môi trường", head: "truongphong.tnmt"},
	{ref: "thanh-tra-huyen", name: "Thanh tra huyện", head: "chanhthanhtra"},
	{ref: "phong-ldtbxh", name: "Phòng Lao động - Thương binh và Xã hội", head: "truongphong.ldtbxh"},
	{ref: "phong-ktht", name: "Phòng Kinh tế và Hạ tầng", head: "truongphong.ktht"},
	{ref: "phong-tu-phap", name: "Phòng Tư pháp", head: "truongphong.tuphap"},
	{ref: "phong-noi-vu", name: "Phòng Nội vụ", head: "truongphong.noivu"},
	{ref: "phong-nnptnt", name: "Phòng Nông nghiệp và Phát triển nông thôn", head: "truongphong.nnptnt"},
}

var lowers = []unitInfo{
	{ref: "tt-tuy-phuoc", name: "UBND thị trấn Tuy Phước", head: "chutich.ttuyphuoc", place: "thị trấn Tuy Phước"},
	{ref: "tt-dieu-tri", name: "UBND thị trấn Diêu Trì", head: "chutich.dieutri", place: "thị trấn Diêu Trì"},
	{ref: "xa-phuoc-thang", name: "UBND xã Phước Thắng", head: "chutich.phuocthang", place: "xã Phước Thắng"},
	{ref: "xa-phuoc-hung", name: "UBND xã Phước Hưng", head: "chutich.phuochung", place: "xã Phước Hưng"},
	{ref: "xa-phuoc-quang", name: "UBND xã Phước Quang", head: "chutich.phuocquang", place: "xã Phước Quang"},
	{ref: "xa-phuoc-hoa", name: "UBND xã Phước Hòa", head: "chutich.phuochoa", place: "xã Phước Hòa", remote: true},
	{ref: "xa-phuoc-son", name: "UBND xã Phước Sơn", head: "chutich.phuocson", place: "xã Phước Sơn"},
	{ref: "xa-phuoc-hiep", name: "UBND xã Phước Hiệp", head: "chutich.phuochiep", place: "xã Phước Hiệp"},
	{ref: "xa-phuoc-loc", name: "UBND xã Phước Lộc", head: "chutich.phuocloc", place: "xã Phước Lộc"},
	{ref: "xa-phuoc-nghia", name: "UBND xã Phước Nghĩa", head: "chutich.phuocnghia", place: "xã Phước Nghĩa"},
	{ref: "xa-phuoc-thuan", name: "UBND xã Phước Thuận", head: "chutich.phuocthuan", place: "xã Phước Thuận"},
	{ref: "xa-phuoc-an", name: "UBND xã Phước An", head: "chutich.phuocan", place: "xã Phước An", remote: true},
	{ref: "xa-phuoc-thanh", name: "UBND xã Phước Thành", head: "chutich.phuocthanh", place: "xã Phước Thành", remote: true},
}

// Agencies outside the committee that petitions are transferred or guided to.
var judicialAgencies = []string{
	"Tòa án nhân dân huyện Tuy Phước",
	"Viện kiểm sát nhân dân huyện Tuy Phước",
	"Công an huyện Tuy Phước",
	"Chi cục Thi hành án dân sự huyện Tuy Phước",
}

const partyAgency = "Ủy ban Kiểm tra Huyện ủy Tuy Phước"

var otherAgencies = []string{
	partyAgency,
	"Sở Tài nguyên và Môi trường tỉnh Bình Định",
	"Thanh tra tỉnh Bình Định",
	"Bảo hiểm xã hội huyện Tuy Phước",
	"Điện lực Tuy Phước",
	"Chi nhánh Văn phòng Đăng ký đất đai huyện Tuy Phước",
	"Ngân hàng Chính sách xã hội huyện Tuy Phước",
	"Sở Xây dựng tỉnh Bình Định",
}

// otherAgenciesFor lists, by field, the agencies (indexes into otherAgencies)
// that a petition of that field is sent to when it is not the committee's.
var otherAgenciesFor = map[cases.Field][]int{
	cases.FieldLand:         {1, 2, 5},
	cases.FieldHousing:      {7, 2},
	cases.FieldPolicy:       {3, 6},
	cases.FieldCivilService: {2},
	cases.FieldCorruption:   {2},
	cases.FieldJudicial:     {2},
	cases.FieldParty:        {0},
	cases.FieldOther:        {1, 4, 7},
}

// Who records what.
const (
	userAdmin     = "admin"
	userBoard     = "truongban.tiepdan" // head of the reception board: sessions
	userChairman  = "chutich"
	receptionDesk = 3 // canbo.tiepdan1 … canbo.tiepdan3
)

func deskUser(i uint8) string { return "canbo.tiepdan" + strconv.Itoa(int(i)+1) }

// Leaders who preside over sessions; the first is the chairman, the others
// his deputies (a session they preside is delegated).
var leaders = []string{
	"Ông Nguyễn Văn Dũng, Chủ tịch UBND huyện",
	"Ông Trần Minh Hoàng, Phó Chủ tịch UBND huyện",
	"Bà Lê Thị Thu Hà, Phó Chủ tịch UBND huyện",
}

const receptionOffice = "Trụ sở Tiếp công dân huyện Tuy Phước"

// People and places.

var surnames = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Hồ", "Hoàng",
	"Đặng", "Bùi", "Đỗ", "Ngô", "Đoàn", "Trương", "Dương", "Lương", "Đinh", "Lâm", "Mai", "Tô",
	"Châu", "Cao", "Văn"}
var surnameWeights = []int{32, 12, 10, 7, 6, 6, 4, 3, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1}

var maleMiddle = []string{"Văn", "Văn", "Văn", "Văn", "Hữu", "Minh", "Đức", "Quốc", "Thanh",
	"Công", "Ngọc", "Hoàng", "Xuân", "Tấn", "Đình", "Tấn", "Văn Minh"}
var maleGiven = []string{"An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hòa", "Hùng",
	"Huy", "Khánh", "Lâm", "Long", "Lộc", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Phước",
	"Quang", "Sang", "Sơn", "Tài", "Tâm", "Thắng", "Thành", "Thiện", "Toàn", "Trung", "Tuấn",
	"Việt", "Vinh", "Vũ"}
var femaleMiddle = []string{"Thị", "Thị", "Thị", "Thị", "Thị", "Ngọc", "Thanh", "Kim", "Mỹ",
	"Thu", "Hồng", "Bích", "Thị Kim", "Thị Thu"}
var femaleGiven = []string{"Anh", "Bích", "Châu", "Diễm", "Dung", "Hà", "Hạnh", "Hằng", "Hiền",
	"Hoa", "Hồng", "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "Nga", "Ngân", "Nhung", "Oanh",
	"Phượng", "Quyên", "Sương", "Thảo", "Thu", "Thủy", "Trang", "Tuyết", "Vân", "Xuân", "Yến"}

var hamlets = []string{"Vinh Thạnh", "Kỳ Sơn", "Lạc Điền", "Mỹ Trung", "Phú Mỹ", "Quảng Tín",
	"Hanh Quang", "Đại Tín", "Trung Thành", "Bình Lâm", "Xuân Phương", "Huỳnh Kim", "Dương Thiện",
	"Lộc Thượng", "Tân Giản", "Tân Thuận", "Vân Hội", "Phổ Trạch", "Luật Lễ", "Diêm Vân",
	"Thanh Huy", "Kim Xuyên", "Ngọc Thạnh", "Đông Điền", "Hưng Nghĩa", "Mỹ Điền", "An Hòa",
	"Trường Thạnh", "Bình An", "Phú Văn", "Quang Hy", "Lương Bình", "Chánh Thạnh", "Hòa Mỹ",
	"Đại Lễ", "Giang Bắc", "Giang Nam", "Mỹ Cang", "Pháp Hòa", "Lục Lễ"}

var phonePrefixes = []string{"032", "033", "034", "035", "036", "037", "038", "039", "070",
	"076", "077", "078", "079", "081", "082", "083", "084", "085", "086", "088", "089", "090",
	"091", "093", "094", "096", "097", "098", "0256"}

// hamlet is the k-th hamlet (of four) of commune c.
func hamlet(c, k int) string {
	name := hamlets[(c*3+k)%len(hamlets)]
	if c < 2 { // the two towns have quarters, not villages
		return "khu phố " + name
	}
	return "thôn " + name
}

// person is the identity behind key: every petition and visit of one citizen
// derives it from the same key and gets the same person. commune is one of
// the district's; wide places them among a province's many communes, drawn
// from a stream of its own so that the district's people stay who they were.
type person struct {
	commune, hamlet int
	wide            int
	name            string
	male            bool
	idNumber, phone string
}

func personOf(seed int64, key uint64) person {
	r := mix(seed, 11, key)
	p := person{commune: r.intn(len(lowers)), hamlet: r.intn(4)}
	sur := surnames[r.weighted(surnameWeights)]
	male := r.chance(0.52)
	p.male = male
	if male {
		p.name = sur + " " + pick(&r, maleMiddle) + " " + pick(&r, maleGiven)
	} else {
		p.name = sur + " " + pick(&r, femaleMiddle) + " " + pick(&r, femaleGiven)
	}
	// CCCD: province 052 (Bình Định), century-and-sex digit, year of birth, six digits.
	born := 1940 + r.intn(65)
	sex := 0
	if !male {
		sex = 1
	}
	if born >= 2000 {
		sex += 2
	}
	p.idNumber = "052" + strconv.Itoa(sex) + pad(born%100, 2) + pad(r.intn(1000000), 6)
	pre := pick(&r, phonePrefixes)
	p.phone = pre + pad(r.intn(pow10(10-len(pre))), 10-len(pre))
	w := mix(seed, 13, key)
	p.wide = w.intn(1 << 15)
	return p
}

// hamletOf is the hamlet of p's address as office o names it.
func (o *office) hamletOf(p person) string {
	if o.village != nil {
		return o.village(p)
	}
	return hamlet(p.commune, p.hamlet)
}

// full is the person as a command carries it, their address as office o
// names it; the ID number and the phone are left out when the petition or
// visit did not record them.
func (p person) full(o *office, idNumber, phone bool) *cases.Person {
	out := &cases.Person{Name: p.name, Address: o.hamletOf(p) + ", " + o.local(p) + o.address}
	if idNumber {
		out.IDNumber = p.idNumber
		if o.born != nil {
			out.IDNumber = o.born(p) + p.idNumber[3:]
		}
	}
	if phone {
		out.Phone = p.phone
	}
	return out
}

func pow10(n int) int {
	p := 1
	for ; n > 0; n-- {
		p *= 10
	}
	return p
}

func pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

// Summaries, by type and field. Placeholders: {thon} a hamlet, {xa} the
// commune, {ten} another citizen ("ông …", "bà …"), {tendv} the same without title, {so} a number, {ngay} a date, {nam} a year,
// {thua}/{to} parcel and map sheet, {duan} a project.

var projects = []string{
	"dự án Khu dân cư {thon}",
	"dự án Khu tái định cư {thon}",
	"dự án tuyến đường ven biển ĐT 639",
	"dự án nâng cấp, mở rộng Quốc lộ 19",
	"dự án đường tránh Quốc lộ 1 đoạn qua {diaban}",
	"dự án kè chống sạt lở sông Hà Thanh",
	"dự án Cụm công nghiệp Phước An",
	"dự án nâng cấp kênh mương nội đồng {xa}",
}

var summaries = map[cases.Type]map[cases.Field][]string{
	cases.Complaint: {
		cases.FieldLand: {
			"Khiếu nại Quyết định thu hồi đất số {so}/QĐ-UBND ngày {ngay} của {cqthuhoi} đối với thửa đất số {thua}, tờ bản đồ số {to} tại {thon}, {xa}",
			"Khiếu nại phương án bồi thường, hỗ trợ, tái định cư khi Nhà nước thu hồi đất thực hiện {duan}",
			"Khiếu nại việc UBND {xa} không xác nhận nguồn gốc đất để làm thủ tục cấp giấy chứng nhận quyền sử dụng đất",
			"Khiếu nại đơn giá bồi thường cây cối, hoa màu trên đất nông nghiệp bị thu hồi tại {thon}, {xa}",
			"Khiếu nại việc đo đạc, cắm mốc ranh giới thửa đất số {thua}, tờ bản đồ số {to} không đúng hiện trạng sử dụng",
		},
		cases.FieldHousing: {
			"Khiếu nại Quyết định xử phạt vi phạm hành chính số {so}/QĐ-XPVPHC về xây dựng nhà ở không phép tại {thon}, {xa}",
			"Khiếu nại quyết định cưỡng chế tháo dỡ công trình xây dựng của gia đình tại {thon}, {xa}",
		},
		cases.FieldPolicy: {
			"Khiếu nại việc cắt chế độ trợ cấp xã hội hằng tháng đối với người cao tuổi",
			"Khiếu nại kết quả bình xét hộ nghèo, hộ cận nghèo năm {nam} tại {thon}, {xa}",
			"Khiếu nại việc không giải quyết chế độ thờ cúng liệt sĩ cho thân nhân",
		},
		cases.FieldCivilService: {
			"Khiếu nại Quyết định kỷ luật số {so}/QĐ-UBND của Chủ tịch UBND {xa} đối với công chức",
			"Khiếu nại hành vi của cán bộ Bộ phận một cửa {xa} trả hồ sơ không nêu rõ lý do",
		},
		cases.FieldOther: {
			"Khiếu nại Quyết định xử phạt vi phạm hành chính về trật tự xây dựng, môi trường số {so}/QĐ-XPVPHC",
			"Khiếu nại việc thu các khoản đóng góp không đúng quy định tại {thon}, {xa}",
		},
	},
	cases.Denunciation: {
		cases.FieldLand: {
			"Tố cáo cán bộ địa chính {xa} sai phạm trong việc đo đạc, cấp giấy chứng nhận quyền sử dụng đất cho hộ {ten}",
			"Tố cáo hộ {ten} lấn chiếm đất công, đất hành lang kênh mương tại {thon}, {xa}",
			"Tố cáo việc san lấp, chuyển mục đích sử dụng đất nông nghiệp trái phép tại {thon}, {xa}",
		},
		cases.FieldCorruption: {
			"Tố cáo Chủ tịch UBND {xa} có dấu hiệu tham nhũng trong quản lý kinh phí {duan}",
			"Tố cáo kế toán UBND {xa} lập hồ sơ khống để chiếm dụng kinh phí hỗ trợ người có công",
			"Tố cáo việc thu, chi quỹ tại {thon}, {xa} không công khai, có dấu hiệu chiếm đoạt",
		},
		cases.FieldCivilService: {
			"Tố cáo cán bộ Bộ phận một cửa {xa} gây nhũng nhiễu, phiền hà khi giải quyết thủ tục hành chính",
			"Tố cáo Trưởng {thon} lợi dụng chức vụ bình xét hộ nghèo không đúng đối tượng",
		},
		cases.FieldParty: {
			"Tố cáo đảng viên {tendv}, chi bộ {thon} vi phạm quy định những điều đảng viên không được làm",
		},
		cases.FieldJudicial: {
			"Tố cáo {ten} có hành vi lừa đảo chiếm đoạt tài sản qua việc vay mượn tiền",
			"Tố cáo hành vi tổ chức đánh bạc tại {thon}, {xa}",
		},
		cases.FieldOther: {
			"Tố cáo cơ sở khai thác cát trái phép trên sông Hà Thanh đoạn qua {xa}",
		},
	},
	cases.Recommendation: {
		cases.FieldLand: {
			"Kiến nghị cấp giấy chứng nhận quyền sử dụng đất cho thửa đất số {thua}, tờ bản đồ số {to} gia đình sử dụng ổn định từ năm 1990",
			"Kiến nghị xem xét bố trí đất tái định cư cho hộ gia đình bị thu hồi đất thực hiện {duan}",
			"Kiến nghị điều chỉnh sai sót diện tích trên giấy chứng nhận quyền sử dụng đất tại {thon}, {xa}",
		},
		cases.FieldPolicy: {
			"Kiến nghị xem xét giải quyết chế độ trợ cấp cho người có công với cách mạng",
			"Kiến nghị hỗ trợ kinh phí sửa chữa nhà ở cho hộ nghèo tại {thon}, {xa}",
			"Kiến nghị xét cấp thẻ bảo hiểm y tế cho người thuộc hộ cận nghèo",
		},
		cases.FieldHousing: {
			"Kiến nghị cấp giấy phép xây dựng nhà ở riêng lẻ tại {thon}, {xa}",
		},
		cases.FieldCivilService: {
			"Kiến nghị rút ngắn thời gian giải quyết hồ sơ chuyển nhượng quyền sử dụng đất tại Bộ phận một cửa {xa}",
		},
		cases.FieldJudicial: {
			"Kiến nghị xem xét lại bản án dân sự phúc thẩm về tranh chấp quyền sử dụng đất với hộ {ten}",
			"Đề nghị tổ chức thi hành bản án dân sự buộc {ten} trả lại tiền đã vay",
		},
		cases.FieldOther: {
			"Kiến nghị sửa chữa tuyến đường bê tông {thon}, {xa} bị hư hỏng, xuống cấp",
			"Kiến nghị nạo vét kênh mương nội đồng tại {thon} phục vụ sản xuất vụ Đông Xuân {nam}",
			"Kiến nghị lắp đặt hệ thống đèn chiếu sáng tuyến đường liên thôn tại {thon}, {xa}",
		},
	},
	cases.Reflection: {
		cases.FieldLand: {
			"Phản ánh việc xây dựng nhà trái phép trên đất nông nghiệp tại {thon}, {xa}",
			"Phản ánh hộ {ten} xây tường rào lấn chiếm lối đi chung tại {thon}, {xa}",
		},
		cases.FieldHousing: {
			"Phản ánh công trình xây dựng nhà ở của hộ liền kề gây nứt tường nhà gia đình tại {thon}, {xa}",
		},
		cases.FieldPolicy: {
			"Phản ánh việc chi trả tiền hỗ trợ thiệt hại do thiên tai không đúng đối tượng tại {thon}, {xa}",
		},
		cases.FieldCivilService: {
			"Phản ánh thái độ phục vụ của cán bộ Bộ phận một cửa {xa}",
			"Phản ánh việc chậm trả kết quả hồ sơ đăng ký biến động đất đai",
		},
		cases.FieldOther: {
			"Phản ánh cơ sở chăn nuôi heo tại {thon}, {xa} gây ô nhiễm môi trường",
			"Phản ánh tình trạng khai thác cát trái phép trên sông Kôn đoạn qua {xa}",
			"Phản ánh tình trạng ngập úng do kênh mương bị bồi lấp tại {thon}, {xa}",
			"Phản ánh xưởng cưa gỗ tại {thon}, {xa} hoạt động gây tiếng ồn, bụi ảnh hưởng khu dân cư",
			"Phản ánh việc đổ rác thải, xà bần không đúng nơi quy định tại {thon}, {xa}",
		},
	},
}

// Fields by type, with weights.
var (
	typeWeights  = []int{20, 10, 32, 38} // complaint, denunciation, recommendation, reflection
	types        = []cases.Type{cases.Complaint, cases.Denunciation, cases.Recommendation, cases.Reflection}
	fieldsOfType = map[cases.Type][]cases.Field{
		cases.Complaint:      {cases.FieldLand, cases.FieldHousing, cases.FieldPolicy, cases.FieldCivilService, cases.FieldOther},
		cases.Denunciation:   {cases.FieldLand, cases.FieldCorruption, cases.FieldCivilService, cases.FieldParty, cases.FieldJudicial, cases.FieldOther},
		cases.Recommendation: {cases.FieldLand, cases.FieldPolicy, cases.FieldHousing, cases.FieldCivilService, cases.FieldJudicial, cases.FieldOther},
		cases.Reflection:     {cases.FieldLand, cases.FieldHousing, cases.FieldPolicy, cases.FieldCivilService, cases.FieldOther},
	}
	fieldWeights = map[cases.Type][]int{
		cases.Complaint:      {60, 10, 15, 8, 7},
		cases.Denunciation:   {25, 25, 25, 6, 9, 10},
		cases.Recommendation: {38, 25, 8, 5, 5, 19},
		cases.Reflection:     {25, 10, 10, 10, 45},
	}
)

// summary writes the petition's content from its subject key.
func summary(seed int64, o *office, key uint64, t cases.Type, f cases.Field, p person, received cases.Date) string {
	r := mix(seed, 12, key)
	list := summaries[t][f]
	if len(list) == 0 {
		list = summaries[t][cases.FieldOther]
	}
	s := pick(&r, list)
	// A project is drawn only for the summaries that name one, so that the
	// random sequence, and with it the history, stays as it was.
	if i := strings.Index(s, "{duan}"); i >= 0 {
		s = s[:i] + pick(&r, projects) + s[i+len("{duan}"):]
	}
	var b strings.Builder
	b.Grow(len(s) + 32)
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		j := strings.IndexByte(s[i:], '}') + i
		switch s[i+1 : j] {
		case "thon":
			b.WriteString(o.hamletOf(p))
		case "xa":
			b.WriteString(o.local(p))
		case "diaban":
			b.WriteString(o.area)
		case "cqthuhoi":
			b.WriteString(o.landAuthority)
		case "ten":
			o := personOf(seed, key^0x5bd1e995)
			if o.male {
				b.WriteString("ông ")
			} else {
				b.WriteString("bà ")
			}
			b.WriteString(o.name)
		case "tendv":
			b.WriteString(personOf(seed, key^0x5bd1e995).name)
		case "so":
			b.WriteString(strconv.Itoa(1 + r.intn(2800)))
		case "ngay":
			b.WriteString((received - cases.Date(30+r.intn(300))).VN())
		case "nam":
			y, _, _ := received.YMD()
			b.WriteString(strconv.Itoa(y))
		case "thua":
			b.WriteString(strconv.Itoa(10 + r.intn(900)))
		case "to":
			b.WriteString(strconv.Itoa(1 + r.intn(45)))
		default:
			panic("demo: unknown placeholder " + s[i:j+1])
		}
		s = s[j+1:]
	}
}

var rejectReasons = map[cases.Type][]string{
	cases.Complaint: {
		"Hết thời hiệu khiếu nại theo Điều 9 Luật Khiếu nại",
		"Người khiếu nại không có quyền, lợi ích hợp pháp liên quan trực tiếp đến quyết định hành chính bị khiếu nại (Điều 11 Luật Khiếu nại)",
		"Quyết định hành chính bị khiếu nại đã có quyết định giải quyết khiếu nại lần hai (Điều 11 Luật Khiếu nại)",
		"Việc khiếu nại đã được Tòa án thụ lý giải quyết (Điều 11 Luật Khiếu nại)",
	},
	cases.Denunciation: {
		"Nội dung tố cáo đã được giải quyết, nay tố cáo lại không có thông tin, tài liệu, chứng cứ mới (Điều 29 Luật Tố cáo)",
		"Nội dung tố cáo không có cơ sở để xác minh (Điều 29 Luật Tố cáo)",
		"Người tố cáo không cung cấp được thông tin về người có hành vi vi phạm (Điều 29 Luật Tố cáo)",
	},
	cases.Recommendation: {
		"Nội dung kiến nghị không thuộc thẩm quyền giải quyết, đã hướng dẫn công dân",
		"Nội dung kiến nghị đã được trả lời bằng văn bản, không có tình tiết mới",
	},
	cases.Reflection: {
		"Nội dung phản ánh đã được xem xét, trả lời, không có tình tiết mới",
		"Nội dung phản ánh không đủ thông tin để xem xét",
	},
}

var suspendReasons = []string{
	"Chờ kết quả giám định của cơ quan chuyên môn",
	"Chờ kết quả giải quyết của cơ quan, tổ chức khác có liên quan",
	"Người khiếu nại ốm đau, đề nghị tạm dừng giải quyết",
	"Chờ Tòa án giải quyết vụ án dân sự có liên quan",
	"Chờ kết quả đo đạc, xác minh hiện trạng thửa đất",
}
