package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// reformedHistory is an office that was a district committee, with its
// communes, until 30/06/2025, and the commune formed from the merger, with
// no lower committee, from 01/07/2025 (SPEC §9). Each half-year has a
// complaint for the committee; 2024 has one for a commune too.
const reformedHistory = `{"op":"unit","ref":"huyen","name":"UBND huyện Tuy Phước","kind":"own","level":"district","valid_until":"2025-06-30","lower_label":"UBND các xã, thị trấn"}
{"op":"unit","ref":"tnmt","name":"Phòng Tài nguyên và Môi trường","kind":"department","parent":"huyen","valid_until":"2025-06-30"}
{"op":"unit","ref":"xa-pl","name":"UBND xã Phước Lộc","kind":"lower","parent":"huyen","level":"commune","valid_until":"2025-06-30"}
{"op":"unit","ref":"xa","name":"UBND xã Tuy Phước","kind":"own","level":"commune","valid_from":"2025-07-01","replaces":["huyen"]}
{"op":"unit","ref":"kt","name":"Phòng Kinh tế","kind":"department","parent":"xa","valid_from":"2025-07-01","replaces":["tnmt"]}
{"op":"petition","ref":"P-1","received_at":"2024-03-01T08:00:00+07:00","channel":"mail","petitioner":{"name":"Nguyễn Văn An"},"summary":"Khiếu nại quyết định thu hồi đất"}
{"op":"classify","petition":"P-1","at":"2024-03-02T09:00:00+07:00","type":"complaint","field":"land","eligible":true}
{"op":"route","petition":"P-1","at":"2024-03-04T09:00:00+07:00","to":"own","unit":"tnmt","method":"assign"}
{"op":"petition","ref":"P-2","received_at":"2024-04-01T08:00:00+07:00","channel":"mail","petitioner":{"name":"Trần Thị Bình"},"summary":"Khiếu nại việc cấp giấy chứng nhận"}
{"op":"classify","petition":"P-2","at":"2024-04-02T09:00:00+07:00","type":"complaint","field":"land","eligible":true}
{"op":"route","petition":"P-2","at":"2024-04-03T09:00:00+07:00","to":"lower","unit":"xa-pl","method":"transfer"}
{"op":"petition","ref":"P-3","received_at":"2026-03-02T08:00:00+07:00","channel":"mail","petitioner":{"name":"Lê Văn Cường"},"summary":"Khiếu nại quyết định xử phạt"}
{"op":"classify","petition":"P-3","at":"2026-03-03T09:00:00+07:00","type":"complaint","field":"other","eligible":true}
{"op":"route","petition":"P-3","at":"2026-03-04T09:00:00+07:00","to":"own","unit":"kt","method":"assign"}
`

// The text of section II.6 names the committee and its lower committees as
// the units stand at the end of the period (SPEC §9): the district's in
// 2024-H1, the commune's in 2026-H1, with nothing of the district left.
func TestReportNamesTheUnitsInForceAtTheEndOfThePeriod(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	if code, _, stderr := run(t, reformedHistory, "--db", db, "import", "-"); code != exitOK {
		t.Fatalf("import: %s", stderr)
	}
	text := func(period string) string {
		t.Helper()
		code, out, stderr := run(t, "", "--db", db, "report", "section6", "--period", period)
		if code != exitOK {
			t.Fatalf("%s: %s", period, stderr)
		}
		return out
	}
	for _, tt := range []struct {
		period      string
		want, never []string
	}{
		{"2024-H1", []string{
			"UBND huyện thực hiện việc tiếp công dân theo Quy chế",
			"Tổng số đơn UBND huyện tiếp nhận: 02 đơn",
			"Thuộc thẩm quyền UBND huyện giải quyết 01 đơn (khiếu nại 01 đơn).",
			"Còn 01 đơn (khiếu nại 01 đơn) thuộc thẩm quyền Chủ tịch UBND các xã, thị trấn.",
		}, []string{"UBND xã thực hiện", "Tổng số đơn UBND xã"}},
		{"2026-H1", []string{
			"UBND xã thực hiện việc tiếp công dân theo Quy chế",
			"Tổng số đơn UBND xã tiếp nhận: 01 đơn",
			"Thuộc thẩm quyền UBND xã giải quyết 01 đơn (khiếu nại 01 đơn).",
		}, []string{"huyện", "xã, thị trấn", "cấp dưới"}},
	} {
		got := text(tt.period)
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: the text lacks %q:\n%s", tt.period, w, got)
			}
		}
		for _, n := range tt.never {
			if strings.Contains(got, n) {
				t.Errorf("%s: the text says %q:\n%s", tt.period, n, got)
			}
		}
	}
}
