package cases_test

import (
	"testing"

	"github.com/tiepdan/tiepdan/cases"
)

func TestUnitNames(t *testing.T) {
	n := cases.NamesOf([]cases.Unit{
		{Ref: "phong-tnmt", Name: "Phòng Tài nguyên và Môi trường", Kind: cases.Department},
		{Ref: "phong-nnmt", Name: "Phòng Nông nghiệp và Môi trường", Kind: cases.Department},
	})
	for ref, want := range map[string]string{
		"phong-tnmt":           "Phòng Tài nguyên và Môi trường",
		"phong-nnmt":           "Phòng Nông nghiệp và Môi trường",
		"Tòa án nhân dân tỉnh": "Tòa án nhân dân tỉnh", // an agency named in words
		"":                     "",
	} {
		if got := n.Name(ref); got != want {
			t.Errorf("Name(%q) = %q, want %q", ref, got, want)
		}
	}
}
