package web

import "testing"

func TestSameName(t *testing.T) {
	for _, tt := range []struct {
		name, typed string
		same        bool
	}{
		{"Võ Văn Tám", "Võ Văn Tám", true},
		{"Võ Văn Tám", "Võ Văn Tâm", false},
		{"Võ Văn Tám", "  VÕ   VĂN TÁM ", true},
		{"Võ Văn Tám", "Vo\u0303 Va\u0306n Ta\u0301m", true}, // typed with combining marks (NFD)
		{"Võ Văn Tám", "vo van tam", true},                   // no diacritics typed: cannot tell
		{"Võ Văn Tám", "Võ Văn Tam", false},
		{"Đặng Thị Đào", "đặng thị đào", true},
		{"Đặng Thị Đào", "Dặng Thị Đào", false},
	} {
		if got := sameName(tt.name, tt.typed); got != tt.same {
			t.Errorf("sameName(%q, %q) = %v, want %v", tt.name, tt.typed, got, tt.same)
		}
	}
}

func TestNameRank(t *testing.T) {
	for _, tt := range []struct {
		q     string
		names []string
		want  int
	}{
		{"Tâm", []string{"Võ Văn Tâm"}, rankName},
		{"Tâm", []string{"Võ Văn Tám"}, rankNameFolded},
		{"tam", []string{"Võ Văn Tám"}, rankNameFolded},
		{"Tâm", []string{"Nguyễn Thị Hoa", "Trần Minh Tâm"}, rankName}, // a visitor
		{"Tâm", []string{"Nguyễn Thị Hoa"}, rankOther},
		{"Tâm", nil, rankOther}, // a protected petition: no names
		{"DON-2026-000100", []string{"Võ Văn Tám"}, rankOther},
	} {
		if got := nameRank(tt.q, tt.names); got != tt.want {
			t.Errorf("nameRank(%q, %q) = %d, want %d", tt.q, tt.names, got, tt.want)
		}
	}
}
