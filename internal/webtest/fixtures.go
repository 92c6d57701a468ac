package webtest

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/web"
)

// Now is the clock of the server and of every command the tests record:
// Wednesday 25/11/2026, 10:00 in Vietnam.
var Now = time.Date(2026, 11, 25, 10, 0, 0, 0, cases.Zone)

// Password is the password of every test account.
const Password = "mật khẩu đủ dài"

var passwordHash = sync.OnceValue(func() string {
	h, err := web.HashPassword(Password)
	if err != nil {
		panic(err)
	}
	return h
})

// Users are the accounts of every Env: one of each role, a second reception
// officer and the head of another unit.
var Users = []cases.User{
	{Name: "rec", Role: cases.RoleReception},
	{Name: "rec2", Role: cases.RoleReception},
	{Name: "head", Role: cases.RoleHead, Unit: "tnmt"},
	{Name: "head-ld", Role: cases.RoleHead, Unit: "ld"},
	{Name: "leader", Role: cases.RoleLeader},
	{Name: "reporter", Role: cases.RoleReporter},
	{Name: "admin", Role: cases.RoleAdmin},
}

// Units are the units of New: the committee, two departments (tnmt, whose
// head is "head", and ld, whose head is "head-ld") and a commune.
const Units = `{"op":"unit","ref":"own","name":"UBND huyện Tuy Phước","kind":"own","lower_label":"UBND các xã, thị trấn"}
{"op":"unit","ref":"tnmt","name":"Phòng Tài nguyên và Môi trường","kind":"department","parent":"own"}
{"op":"unit","ref":"ld","name":"Phòng Lao động - Thương binh và Xã hội","kind":"department","parent":"own"}
{"op":"unit","ref":"xa1","name":"UBND xã Phước Hòa","kind":"lower","parent":"own"}
`

// ScheduleLines is a small history around Now (25/11/2026), with its units:
// a periodic session on Monday 09/11 where a complaint (P-1), its duplicate
// (P-3) and a denunciation (P-2) were received and P-2's denouncer was given
// a follow-up for Saturday 09/01/2027; an ad hoc session on 16/11; nothing on
// 24/11; P-1 accepted on 20/11 (due 30 days later, Sunday 20/12, so Monday
// 21/12) and a dialogue planned on 15/12.
const ScheduleLines = `{"op":"unit","ref":"own","name":"UBND huyện Tuy Phước","kind":"own","lower_label":"UBND các xã, thị trấn"}
{"op":"unit","ref":"tnmt","name":"Phòng Tài nguyên và Môi trường","kind":"department","parent":"own"}
{"op":"session","ref":"K-1109","kind":"periodic","date":"2026-11-09","presided_by":"Chủ tịch Trần Văn A","location":"Trụ sở tiếp công dân huyện, số 1 Đào Tấn; phòng 2"}
{"op":"session","ref":"K-1116","kind":"adhoc","date":"2026-11-16","presided_by":"Phó Chủ tịch Lê Thị B","delegated":true}
{"op":"petition","ref":"P-1","received_at":"2026-11-02T08:00:00+07:00","channel":"reception","petitioner":{"name":"Nguyễn Văn An","phone":"0905000111"},"summary":"Khiếu nại quyết định thu hồi đất"}
{"op":"petition","ref":"P-2","received_at":"2026-11-02T09:00:00+07:00","channel":"reception","petitioner":{"name":"Võ Thị Tố","address":"thôn Phước Lộc"},"summary":"Tố cáo cán bộ địa chính nhận tiền"}
{"op":"petition","ref":"P-3","received_at":"2026-11-03T09:00:00+07:00","channel":"mail","petitioner":{"name":"Nguyễn Văn An"},"summary":"Khiếu nại quyết định thu hồi đất (gửi lại)"}
{"op":"classify","petition":"P-1","at":"2026-11-03T08:00:00+07:00","type":"complaint","field":"land","eligible":true}
{"op":"classify","petition":"P-2","at":"2026-11-03T08:00:00+07:00","type":"denunciation","field":"corruption","eligible":true}
{"op":"archive","petition":"P-3","at":"2026-11-04T08:00:00+07:00","reason":"duplicate","duplicate_of":"P-1"}
{"op":"route","petition":"P-1","at":"2026-11-04T08:00:00+07:00","to":"own","unit":"tnmt","method":"assign"}
{"op":"visit","ref":"V-1","at":"2026-11-09T08:00:00+07:00","kind":"periodic","session":"K-1109","petition":"P-1","people":3,"citizen":{"name":"Nguyễn Văn An"}}
{"op":"visit","ref":"V-2","at":"2026-11-09T09:00:00+07:00","kind":"periodic","session":"K-1109","petition":"P-2","people":1,"citizen":{"name":"Võ Thị Tố"},"follow_up_on":"2027-01-09"}
{"op":"visit","ref":"V-3","at":"2026-11-09T10:00:00+07:00","kind":"periodic","session":"K-1109","petition":"P-3","people":5}
{"op":"visit","ref":"V-4","at":"2026-11-16T14:00:00+07:00","kind":"adhoc","session":"K-1116","petition":"P-2","people":2,"citizen":{"name":"Võ Thị Tố"}}
{"op":"accept","petition":"P-1","at":"2026-11-20T08:00:00+07:00"}
{"op":"dialogue","petition":"P-1","at":"2026-11-21T08:00:00+07:00","on":"2026-12-15","place":"Hội trường UBND xã Phước Lộc, huyện Tuy Phước; phòng họp số 2"}
`

// Schedule2023 is a periodic session on 09/01/2023 where a denouncer came
// with someone and was told to come back on the 24th, which fell in Tết: the
// reception of that day moved to Friday 27/01.
const Schedule2023 = `{"op":"session","ref":"K-230109","kind":"periodic","date":"2023-01-09","presided_by":"Chủ tịch Trần Văn A"}
{"op":"petition","ref":"P-23","received_at":"2023-01-05T08:00:00+07:00","channel":"reception","petitioner":{"name":"Đặng Thị Giấu Tên","phone":"0977000222"},"summary":"Tố cáo cán bộ thu tiền"}
{"op":"classify","petition":"P-23","at":"2023-01-06T08:00:00+07:00","type":"denunciation","field":"corruption","eligible":true}
{"op":"visit","ref":"V-23","at":"2023-01-09T08:00:00+07:00","kind":"periodic","session":"K-230109","petition":"P-23","people":2,"citizen":{"name":"Đặng Thị Giấu Tên"},"follow_up_on":"2023-01-24"}
`

// ScheduleSecrets are the citizens of ScheduleLines and Schedule2023: a
// schedule shows none of them, to anyone.
var ScheduleSecrets = []string{"Võ Thị Tố", "thôn Phước Lộc", "Nguyễn Văn An", "0905000111", "Đặng Thị Giấu Tên", "0977000222"}

// NewSchedule serves ScheduleLines (less its units, which Units has) and
// Schedule2023.
func NewSchedule(t *testing.T) *Env {
	t.Helper()
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimSpace(ScheduleLines), "\n") {
		if !strings.HasPrefix(l, `{"op":"unit"`) {
			b.WriteString(l + "\n")
		}
	}
	return New(t, b.String()+Schedule2023)
}

// ExportLines is November 2026 at the desk, with one October petition:
// a complaint (P-C) visited twice — the second time by a group at a
// periodic session — routed to a department, accepted and resolved; a
// denunciation (P-D) transferred to the police, its denouncer visiting; a
// recommendation (P-G) guided to a commune after an online visit; and a
// complaint of October (P-O) left at the desk, now overdue.
const ExportLines = `{"op":"petition","ref":"P-O","received_at":"2026-10-15T08:00:00+07:00","channel":"mail","petitioner":{"name":"Phạm Văn Cũ","address":"thôn Cũ"},"summary":"Khiếu nại việc cấp giấy chứng nhận"}
{"op":"visit","ref":"V-0","at":"2026-10-15T09:00:00+07:00","kind":"regular","petition":"P-O","people":1}
{"op":"classify","petition":"P-O","at":"2026-10-15T10:00:00+07:00","type":"complaint","field":"land","eligible":true}
{"op":"petition","ref":"P-C","received_at":"2026-11-02T08:00:00+07:00","channel":"reception","petitioner":` + Complainant + `,"summary":"Khiếu nại quyết định thu hồi đất"}
{"op":"visit","ref":"V-1","at":"2026-11-02T08:30:00+07:00","kind":"regular","petition":"P-C","people":1,"citizen":` + Complainant + `}
{"op":"petition","ref":"P-D","received_at":"2026-11-03T08:00:00+07:00","channel":"reception","petitioner":` + Denouncer + `,"summary":"Tố cáo cán bộ địa chính nhận tiền"}
{"op":"visit","ref":"V-3","at":"2026-11-03T08:30:00+07:00","kind":"regular","petition":"P-D","people":1,"citizen":` + Denouncer + `}
{"op":"classify","petition":"P-D","at":"2026-11-03T09:00:00+07:00","type":"denunciation","field":"corruption","eligible":true}
{"op":"classify","petition":"P-C","at":"2026-11-03T10:00:00+07:00","type":"complaint","field":"land","eligible":true}
{"op":"route","petition":"P-C","at":"2026-11-04T08:00:00+07:00","to":"own","unit":"tnmt","method":"assign"}
{"op":"route","petition":"P-D","at":"2026-11-04T09:00:00+07:00","to":"other","unit":"Công an huyện Tuy Phước","method":"transfer"}
{"op":"accept","petition":"P-C","at":"2026-11-05T08:00:00+07:00"}
{"op":"session","ref":"K-1","kind":"periodic","date":"2026-11-09","presided_by":"Chủ tịch Trần Văn A"}
{"op":"visit","ref":"V-2","at":"2026-11-09T09:00:00+07:00","kind":"periodic","session":"K-1","petition":"P-C","people":6,"citizen":{"name":"Nguyễn Văn An","id_number":"052080001234","address":"thôn Phú Mỹ, xã Phước Hòa"}}
{"op":"petition","ref":"P-G","received_at":"2026-11-10T08:00:00+07:00","channel":"online","petitioner":{"name":"Trần Thị Bình","address":"thôn Lộc Thượng"},"summary":"Kiến nghị sửa đường liên thôn"}
{"op":"visit","ref":"V-4","at":"2026-11-10T08:30:00+07:00","kind":"regular","petition":"P-G","people":1,"online":true}
{"op":"classify","petition":"P-G","at":"2026-11-10T09:00:00+07:00","type":"recommendation","field":"other","eligible":true}
{"op":"route","petition":"P-G","at":"2026-11-10T10:00:00+07:00","to":"lower","unit":"xa1","method":"guide"}
{"op":"resolve","petition":"P-C","at":"2026-11-20T08:00:00+07:00","verdict":"partly_correct","decision":"25/QĐ-UBND"}
`

// Complainant and Denouncer are the petitioners of ExportLines: the
// complainant's identity is read in clear in every export, the denouncer's
// in none.
const (
	Complainant = `{"name":"Nguyễn Văn An","id_number":"052080001234","address":"thôn Phú Mỹ, xã Phước Hòa","phone":"0905000111"}`
	Denouncer   = `{"name":"Lương Thị Kín Đáo","id_number":"079188012345","address":"Số 7 hẻm Bí Mật, xã Phước Hòa","phone":"0912345678"}`
)
