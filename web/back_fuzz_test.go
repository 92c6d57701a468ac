package web

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzSafeBack: a back= that safeBack lets through stays on this site
// however a browser reads it, dropping tabs and line breaks and taking
// "\" for "/" (the URL Standard), and is sent as it came.
func FuzzSafeBack(f *testing.F) {
	for _, s := range []string{"/inbox?unit=tnmt&q=Nguy%E1%BB%85n%20A", "/petitions/P-1", "/\t/evil.example/", "/\\evil.example",
		"//evil.example", "/%2F%2Fevil.example", "https://evil.example", "/%09/x", "", "/", "/\u3000/x", "/%E3%80%80/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, back string) {
		got := safeBack(back)
		if got == "" {
			return
		}
		if got != back {
			t.Fatalf("safeBack(%q) = %q", back, got)
		}
		browser := strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(back)
		u, err := url.Parse(browser)
		if err != nil || u.Host != "" || u.Scheme != "" || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
			t.Fatalf("safeBack lets %q through, which a browser reads as %+v (%v)", back, u, err)
		}
	})
}
