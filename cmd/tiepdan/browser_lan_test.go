package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestBrowserLANPlainHTTP reproduces issue 16, point 1 on loopback: an
// office PC opens the server by a name of the office network over plain
// HTTP — not a secure context — logs in, records a visit at the desk and
// prints its receipt. The issue asked for tiepdan.office; Chromium
// preloads HSTS for the whole .office TLD and upgrades every request to it
// to HTTPS (the server receives a TLS ClientHello), and neither the
// HSTSPolicyBypassList policy nor its preference in the profile or the
// Local State turns that off for a test, so the name is tiepdan.lan, which
// no preload list holds: equally not a secure context (docs/decisions.md).
func TestBrowserLANPlainHTTP(t *testing.T) {
	ctx := startBrowser(t, chromedp.Flag("host-resolver-rules", "MAP tiepdan.lan 127.0.0.1"))
	base := strings.Replace(startServe(t), "127.0.0.1", "tiepdan.lan", 1)
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	run := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}

	run("login as reception on "+base, browserLogin(base, "tiepdan"))
	secure, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("window.isSecureContext"))
	if err != nil || secure {
		t.Errorf("window.isSecureContext on %s: %v %v, want false", base, secure, err)
	}
	cookies, err := chromedp.Run(ctx, chromedp.Action[network.GetCookiesResult](
		func(ctx context.Context, tg *chromedp.Target) (network.GetCookiesResult, error) {
			return cdp.Call(ctx, tg, network.GetCookies, network.GetCookiesParams{URLs: []string{base + "/"}})
		}))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range cookies.Cookies {
		names = append(names, c.Name)
		if c.Name == "tiepdan" && (c.Secure || !c.HTTPOnly) {
			t.Errorf("the session cookie over HTTP: Secure %v, HttpOnly %v; want not Secure, HttpOnly", c.Secure, c.HTTPOnly)
		}
	}
	if len(names) != 1 || names[0] != "tiepdan" {
		t.Errorf("cookies over plain HTTP: %v, want the plain session cookie tiepdan alone", names)
	}

	const citizen = "Huỳnh Văn Mạng Nội Bộ"
	run("record a visit",
		chromedp.Navigate(base+"/desk"),
		chromedp.WaitVisible(css(`#name`)),
		chromedp.SendKeys(css(`#name`), citizen),
		chromedp.SendKeys(css(`input[name=phone]`), "0905123789"),
		chromedp.SendKeys(css(`#summary`), "Kiến nghị lắp đèn chiếu sáng đường liên thôn"),
		chromedp.SetValue(css(`#type`), "recommendation"),
		chromedp.SetValue(css(`select[name=field]`), "other"),
		chromedp.Click(css(`#save-visit`)),
		chromedp.WaitVisible(css(`#receipt`)),
	)
	location, err := chromedp.Run(ctx, chromedp.Location())
	m := regexp.MustCompile(`^` + regexp.QuoteMeta(base) + `/petitions/([^/]+)/visits/([^/]+)/receipt$`).FindStringSubmatch(location)
	if err != nil || m == nil {
		t.Fatalf("after the visit form: %q %v", location, err)
	}
	receipt, err := chromedp.Run(ctx, chromedp.Text(css(`#receipt`)))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"GIẤY BIÊN NHẬN", m[1], m[2], citizen, "0905123789", "tiepdan"} {
		if !strings.Contains(receipt, want) {
			t.Errorf("the receipt lacks %q: %s", want, receipt)
		}
	}
}
