package cases

// An enum value is a lower-case word that the commands carry; Label gives the
// Vietnamese an office writes for it. Every enum is a string type so that JSON,
// SQL and logs read the same word.

// State is where a petition stands in the workflow.
type State string

// The petition states of SPEC §2.
const (
	Received    State = "received"
	Classified  State = "classified"
	RoutedOwn   State = "routed_own"
	RoutedLower State = "routed_lower"
	Transferred State = "transferred"
	Archived    State = "archived"
	Accepted    State = "accepted"
	Suspended   State = "suspended"
	Rejected    State = "rejected"
	Resolved    State = "resolved"
	Implemented State = "implemented"
	Terminated  State = "terminated"
)

// States lists every state in workflow order.
var States = []State{Received, Classified, RoutedOwn, RoutedLower, Transferred, Archived,
	Accepted, Suspended, Rejected, Resolved, Implemented, Terminated}

var stateLabels = map[State]string{
	Received:    "Mới tiếp nhận",
	Classified:  "Đã phân loại",
	RoutedOwn:   "Đã giao cơ quan chuyên môn",
	RoutedLower: "Đã chuyển cấp dưới",
	Transferred: "Đã chuyển cơ quan khác",
	Archived:    "Lưu đơn",
	Accepted:    "Đã thụ lý",
	Suspended:   "Tạm đình chỉ",
	Rejected:    "Không thụ lý",
	Resolved:    "Đã giải quyết",
	Implemented: "Đã thực hiện quyết định",
	Terminated:  "Đình chỉ",
}

// Label is the state's Vietnamese name.
func (s State) Label() string { return label(stateLabels, s) }

// Valid reports whether s is a known state.
func (s State) Valid() bool { _, ok := stateLabels[s]; return ok }

// Type is the kind of petition, as classified.
type Type string

// Petition types.
const (
	Complaint      Type = "complaint"
	Denunciation   Type = "denunciation"
	Recommendation Type = "recommendation"
	Reflection     Type = "reflection"
)

var typeLabels = map[Type]string{
	Complaint:      "Khiếu nại",
	Denunciation:   "Tố cáo",
	Recommendation: "Kiến nghị",
	Reflection:     "Phản ánh",
}

// Label is the type's Vietnamese name.
func (t Type) Label() string { return label(typeLabels, t) }

// Valid reports whether t is a known type.
func (t Type) Valid() bool { _, ok := typeLabels[t]; return ok }

// Adjudicated reports whether petitions of this type are accepted and decided
// with a verdict (complaints and denunciations) rather than answered.
func (t Type) Adjudicated() bool { return t == Complaint || t == Denunciation }

// Field is the subject area of a petition.
type Field string

// Petition fields.
const (
	FieldLand         Field = "land"
	FieldHousing      Field = "housing"
	FieldPolicy       Field = "policy"
	FieldCivilService Field = "civil_service"
	FieldCorruption   Field = "corruption"
	FieldJudicial     Field = "judicial"
	FieldParty        Field = "party"
	FieldOther        Field = "other"
)

var fieldLabels = map[Field]string{
	FieldLand:         "Đất đai",
	FieldHousing:      "Nhà ở",
	FieldPolicy:       "Chế độ, chính sách",
	FieldCivilService: "Công chức, công vụ",
	FieldCorruption:   "Tham nhũng",
	FieldJudicial:     "Tư pháp",
	FieldParty:        "Đảng",
	FieldOther:        "Lĩnh vực khác",
}

// Label is the field's Vietnamese name.
func (f Field) Label() string { return label(fieldLabels, f) }

// Valid reports whether f is a known field.
func (f Field) Valid() bool { _, ok := fieldLabels[f]; return ok }

// Complexity says how complex a case is; it lengthens its resolution limit.
type Complexity string

// Complexity levels.
const (
	Simple      Complexity = "none"
	Complex     Complexity = "complex"
	VeryComplex Complexity = "very_complex"
)

var complexityLabels = map[Complexity]string{
	Simple:      "Không phức tạp",
	Complex:     "Phức tạp",
	VeryComplex: "Đặc biệt phức tạp",
}

// Label is the level's Vietnamese name.
func (c Complexity) Label() string { return label(complexityLabels, c) }

// Valid reports whether c is a known level.
func (c Complexity) Valid() bool { _, ok := complexityLabels[c]; return ok }

// Destination is where a route sends a petition.
type Destination string

// Route destinations.
const (
	ToOwn      Destination = "own"
	ToLower    Destination = "lower"
	ToJudicial Destination = "judicial"
	ToOther    Destination = "other"
)

var destinationLabels = map[Destination]string{
	ToOwn:      "Thuộc thẩm quyền",
	ToLower:    "Cấp dưới",
	ToJudicial: "Cơ quan tư pháp",
	ToOther:    "Cơ quan khác",
}

// Label is the destination's Vietnamese name.
func (d Destination) Label() string { return label(destinationLabels, d) }

// Valid reports whether d is a known destination.
func (d Destination) Valid() bool { _, ok := destinationLabels[d]; return ok }

// Method is how a petition leaves the desk.
type Method string

// Routing methods.
const (
	Assign   Method = "assign"
	Guide    Method = "guide"
	Transfer Method = "transfer"
	Urge     Method = "urge"
)

var methodLabels = map[Method]string{
	Assign:   "Giao",
	Guide:    "Hướng dẫn",
	Transfer: "Chuyển đơn",
	Urge:     "Đôn đốc",
}

// Label is the method's Vietnamese name.
func (m Method) Label() string { return label(methodLabels, m) }

// Valid reports whether m is a known method.
func (m Method) Valid() bool { _, ok := methodLabels[m]; return ok }

// ArchiveReason says why a petition was archived without handling.
type ArchiveReason string

// Archive reasons.
const (
	Duplicate   ArchiveReason = "duplicate"
	Anonymous   ArchiveReason = "anonymous"
	Unclear     ArchiveReason = "unclear"
	NotEligible ArchiveReason = "not_eligible"
	OtherReason ArchiveReason = "other"
)

var archiveLabels = map[ArchiveReason]string{
	Duplicate:   "Đơn trùng",
	Anonymous:   "Đơn nặc danh",
	Unclear:     "Đơn không rõ nội dung",
	NotEligible: "Đơn không đủ điều kiện xử lý",
	OtherReason: "Lý do khác",
}

// Label is the reason's Vietnamese name.
func (r ArchiveReason) Label() string { return label(archiveLabels, r) }

// Valid reports whether r is a known reason.
func (r ArchiveReason) Valid() bool { _, ok := archiveLabels[r]; return ok }

// Verdict is the outcome of a resolved petition.
type Verdict string

// Verdicts: the first three for complaints and denunciations, Answered for
// recommendations and reflections.
const (
	Correct       Verdict = "correct"
	Incorrect     Verdict = "incorrect"
	PartlyCorrect Verdict = "partly_correct"
	Answered      Verdict = "answered"
)

var verdictLabels = map[Verdict]string{
	Correct:       "Đúng",
	Incorrect:     "Sai",
	PartlyCorrect: "Đúng một phần",
	Answered:      "Đã trả lời",
}

// Label is the verdict's Vietnamese name.
func (v Verdict) Label() string { return label(verdictLabels, v) }

// Valid reports whether v is a known verdict.
func (v Verdict) Valid() bool { _, ok := verdictLabels[v]; return ok }

// Outcome is what a second-instance decision on a complaint does to the
// first-instance decision (Luật Khiếu nại Art. 40; SPEC §9).
type Outcome string

// Outcomes of a second-instance complaint.
const (
	Upheld   Outcome = "upheld"
	Annulled Outcome = "annulled"
	Amended  Outcome = "amended"
)

var outcomeLabels = map[Outcome]string{
	Upheld:   "Công nhận quyết định giải quyết lần đầu",
	Annulled: "Hủy bỏ quyết định giải quyết lần đầu",
	Amended:  "Sửa đổi quyết định giải quyết lần đầu",
}

// Outcomes lists the outcomes in the order forms offer them.
var Outcomes = []Outcome{Upheld, Annulled, Amended}

// Label is the outcome's Vietnamese name.
func (o Outcome) Label() string { return label(outcomeLabels, o) }

// Valid reports whether o is a known outcome.
func (o Outcome) Valid() bool { _, ok := outcomeLabels[o]; return ok }

// Channel is how a petition reached the committee.
type Channel string

// Channels.
const (
	ByReception   Channel = "reception"
	ByMail        Channel = "mail"
	Online        Channel = "online"
	TransferredIn Channel = "transfer_in"
)

var channelLabels = map[Channel]string{
	ByReception:   "Qua tiếp công dân",
	ByMail:        "Qua bưu chính",
	Online:        "Trực tuyến",
	TransferredIn: "Cơ quan khác chuyển đến",
}

// Label is the channel's Vietnamese name.
func (c Channel) Label() string { return label(channelLabels, c) }

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool { _, ok := channelLabels[c]; return ok }

// VisitKind is the kind of reception a visit happened in.
type VisitKind string

// Visit kinds. Periodic and ad hoc visits belong to a session of the same kind.
const (
	Regular  VisitKind = "regular"
	Periodic VisitKind = "periodic"
	AdHoc    VisitKind = "adhoc"
)

var visitKindLabels = map[VisitKind]string{
	Regular:  "Tiếp thường xuyên",
	Periodic: "Tiếp định kỳ",
	AdHoc:    "Tiếp đột xuất",
}

// Label is the kind's Vietnamese name.
func (k VisitKind) Label() string { return label(visitKindLabels, k) }

// Valid reports whether k is a known visit kind.
func (k VisitKind) Valid() bool { _, ok := visitKindLabels[k]; return ok }

// UnitKind is the place of a unit in the installation.
type UnitKind string

// Unit kinds: the committee that runs the installation, its departments, and
// the lower-level committees under it.
const (
	Own        UnitKind = "own"
	Department UnitKind = "department"
	Lower      UnitKind = "lower"
)

var unitKindLabels = map[UnitKind]string{
	Own:        "Cơ quan",
	Department: "Cơ quan chuyên môn",
	Lower:      "UBND cấp dưới",
}

// Label is the kind's Vietnamese name.
func (k UnitKind) Label() string { return label(unitKindLabels, k) }

// Valid reports whether k is a known unit kind.
func (k UnitKind) Valid() bool { _, ok := unitKindLabels[k]; return ok }

// TerminateReason says why a case ended without a verdict.
type TerminateReason string

// Termination reasons.
const (
	Withdrawn      TerminateReason = "withdrawn"
	OtherTerminate TerminateReason = "other"
)

func label[K ~string](m map[K]string, k K) string {
	if l, ok := m[k]; ok {
		return l
	}
	return string(k)
}
