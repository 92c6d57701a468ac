package cases

import "testing"

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Nguyễn Văn A":                     "nguyen van a",
		"ĐẶNG THỊ  Hồng":                   "dang thi hong",
		"Khiếu nại quyết định thu hồi đất": "khieu nai quyet dinh thu hoi dat",
		"  Lê Ưng ":                        "le ung",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}
