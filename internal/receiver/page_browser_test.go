//go:build browser

package receiver

// The page in a real browser: make test-browser runs this test (build tag
// "browser") with Debian's Chromium, headless. It is left out of make test,
// which needs no browser and skips nothing.

import (
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/browsertest"
)

// TestBrowserPageShowsEachLabel loads the page as a person would, the read
// token as the Basic password, and reads each label's row from the DOM
// Chromium built (the provider's labels as one row per broadcast); without
// the token the page shows nothing.
func TestBrowserPageShowsEachLabel(t *testing.T) {
	h := startReceiver(t, "sqlite:"+filepath.Join(t.TempDir(), "receiver.db"), nil)
	labelledStatuses(t, h)
	u, _ := url.Parse(h.url + "/")
	u.User = url.UserPassword("viewer", testReadToken)

	dom := browsertest.Chromium(t, 900, 600, "--virtual-time-budget=3000", "--dump-dom", u.String())
	row := func(label string) string {
		m := regexp.MustCompile(`(?s)<tr data-label="` + regexp.QuoteMeta(label) + `">(.*?)</tr>`).FindStringSubmatch(dom)
		if m == nil {
			t.Fatalf("no row for %s in the DOM:\n%s", label, dom)
		}
		return m[1]
	}
	cell := func(r, class string) string {
		m := regexp.MustCompile(`<td class="` + class + `">([^<]*)</td>`).FindStringSubmatch(r)
		if m == nil {
			t.Fatalf("no %s cell in %s", class, r)
		}
		return m[1]
	}
	spring := row("bc:spring")
	for class, want := range map[string]string{"total": "3", "read": "1", "delivered": "1", "failed": "1", "sent": "0"} {
		if got := cell(spring, class); got != want {
			t.Errorf("bc:spring %s = %s, want %s", class, got, want)
		}
	}
	if !strings.Contains(spring, `data-code="131047"`) || !strings.Contains(spring, "Re-engagement message") {
		t.Errorf("bc:spring's failures lack 131047: %s", spring)
	}
	summer := row("bc:summer")
	if cell(summer, "failed") != "1" || !strings.Contains(summer, "131026") {
		t.Errorf("bc:summer: %s", summer)
	}

	// The provider's labels: one row for the broadcast content, not one per send.
	broadcast := row(wa1Group)
	for class, want := range map[string]string{"total": "2", "read": "1", "failed": "1"} {
		if got := cell(broadcast, class); got != want {
			t.Errorf("%s %s = %s, want %s", wa1Group, class, got, want)
		}
	}
	if strings.Contains(dom, "0123456789abcdef0123456789abcdef") {
		t.Errorf("the page shows a send's own label instead of its broadcast's row:\n%s", dom)
	}

	anonymous := browsertest.Chromium(t, 900, 600, "--virtual-time-budget=3000", "--dump-dom", h.url+"/")
	if strings.Contains(anonymous, "bc:spring") {
		t.Fatalf("without the token the page showed the labels:\n%s", anonymous)
	}

	out := os.Getenv("BROWSER_OUT")
	if out == "" {
		out = t.TempDir()
	}
	shot := filepath.Join(out, "receiver-page.png")
	browsertest.Chromium(t, 900, 600, "--virtual-time-budget=3000", "--screenshot="+shot, u.String())
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil || img.Bounds().Dx() < 100 {
		t.Fatalf("screenshot %s: %v", shot, err)
	}
	t.Logf("screenshot: %s", shot)
}
