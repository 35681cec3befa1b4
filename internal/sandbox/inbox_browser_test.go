//go:build browser

package sandbox

// The inbox in a real browser: make test-browser applies the quickstart
// against a sandbox, then runs this test (build tag "browser") with
// INBOX_URL pointing at that sandbox. It is left out of make test on purpose:
// make test needs no browser and skips nothing.

import (
	"encoding/json"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/browsertest"
)

func mustEnv(t *testing.T, name string) string {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		t.Fatalf("%s is not set; run this test through make test-browser", name)
	}
	return v
}

type sentMessage struct {
	ID   string                     `json:"id"`
	Type string                     `json:"type"`
	Body map[string]json.RawMessage `json:"body"`
}

func TestBrowserInboxShowsEveryMessageAndImage(t *testing.T) {
	base := strings.TrimRight(mustEnv(t, "INBOX_URL"), "/")
	outDir := mustEnv(t, "BROWSER_OUT")

	resp, err := http.Get(base + "/_sandbox/state")
	if err != nil {
		t.Fatal(err)
	}
	var state struct{ Messages []sentMessage }
	err = json.NewDecoder(resp.Body).Decode(&state)
	resp.Body.Close()
	if err != nil || len(state.Messages) == 0 {
		t.Fatalf("the sandbox at %s holds no messages (%v); the quickstart should have sent some", base, err)
	}

	// The DOM after the page loaded and its script marked every image.
	dom := browsertest.Chromium(t, 900, 860, "--virtual-time-budget=5000", "--dump-dom", base+"/")
	if err := os.WriteFile(filepath.Join(outDir, "inbox.html"), []byte(dom), 0o644); err != nil {
		t.Fatal(err)
	}

	wantImages := 0
	for _, m := range state.Messages {
		if !strings.Contains(dom, `data-message-id="`+m.ID+`"`) {
			t.Errorf("message %s (%s) is not on the page", m.ID, m.Type)
		}
		var media sentMedia
		typ, raw := m.Type, m.Body[m.Type]
		if m.Type == "template" {
			typ, raw = templateHeaderOf(m.Body["template"]) // the header's media is shown like a media message's
		}
		_ = json.Unmarshal(raw, &media)
		switch {
		case media.Link != "":
			if !strings.Contains(dom, `href="`+media.Link+`"`) {
				t.Errorf("message %s was sent by link %s, which the page does not show", m.ID, media.Link)
			}
		case typ == "image" || typ == "sticker":
			wantImages++
		}
		if media.Caption != "" && !strings.Contains(dom, media.Caption) {
			t.Errorf("message %s: caption %q is not on the page", m.ID, media.Caption)
		}
	}
	imgs := regexp.MustCompile(`<img [^>]*>`).FindAllString(dom, -1)
	if len(imgs) != wantImages {
		t.Errorf("the page has %d images, want %d (one per image or sticker sent by media ID)", len(imgs), wantImages)
	}
	for _, img := range imgs {
		if !strings.Contains(img, `data-loaded="yes"`) {
			t.Errorf("image did not load in the browser: %s", img)
		}
	}

	shot := filepath.Join(outDir, "inbox.png")
	_ = os.Remove(shot)
	browsertest.Chromium(t, 900, 860, "--virtual-time-budget=5000", "--screenshot="+shot, base+"/")
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer func() { _ = f.Close() }() // read-only
	cfg, err := png.DecodeConfig(f)
	if err != nil || cfg.Width < 800 {
		t.Fatalf("screenshot %s is not a full-size PNG: %v %+v", shot, err, cfg)
	}
	t.Logf("%d messages and %d images checked in Chromium; screenshot %s (%dx%d)", len(state.Messages), len(imgs), shot, cfg.Width, cfg.Height)
}

// templateHeaderOf returns a template send's header media type and object.
func templateHeaderOf(raw json.RawMessage) (string, json.RawMessage) {
	var tmpl struct {
		Components []struct {
			Type       string                       `json:"type"`
			Parameters []map[string]json.RawMessage `json:"parameters"`
		} `json:"components"`
	}
	_ = json.Unmarshal(raw, &tmpl)
	for _, c := range tmpl.Components {
		if c.Type == "header" && len(c.Parameters) == 1 {
			var typ string
			_ = json.Unmarshal(c.Parameters[0]["type"], &typ)
			return typ, c.Parameters[0][typ]
		}
	}
	return "", nil
}
