package provider

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// Fuzz targets for the provider's checks of what users type: recipients,
// URLs (link, base_url) and durations. A check must never panic, must say
// what is wrong in readable text, and what it accepts must really have the
// shape the API needs. The seeds run as ordinary tests; `make fuzz` runs each
// for FUZZTIME.

// acceptedRecipient is what a recipient must look like once accepted: the
// sandbox's (and the API's) rule, written independently of canonicalRecipient.
var acceptedRecipient = regexp.MustCompile(`^\+?[0-9 ().-]+$`)

// strictRecipient is what goes on the wire: digits only, no leading 0.
var strictRecipient = regexp.MustCompile(`^[1-9][0-9]{5,14}$`)

func FuzzCheckRecipient(f *testing.F) {
	for _, s := range []string{"+16315551001", "16315551001", "+1 (631) 555-1001", "+49.170.1223002", "12345", "1234567890123456",
		"", "+", "++16315551001", "+1631555100a", "１６３１５５５１００１", "\u202e16315551001", "+1 631 555 1001\n", "0016315551001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, to string) {
		canonical, problem := canonicalRecipient(to)
		if problem != "" {
			if !utf8.ValidString(problem) {
				t.Fatalf("canonicalRecipient(%q) explains in invalid UTF-8: %q", to, problem)
			}
			if canonical != "" {
				t.Fatalf("canonicalRecipient(%q) refused it and still returned %q", to, canonical)
			}
			return
		}
		digits := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, to)
		if !acceptedRecipient.MatchString(to) || !strictRecipient.MatchString(canonical) || canonical != digits {
			t.Fatalf("canonicalRecipient accepted %q as %q", to, canonical)
		}
		again, problem := canonicalRecipient(canonical)
		if problem != "" || again != canonical {
			t.Fatalf("the canonical form %q of %q is not its own canonical form: %q, %q", canonical, to, again, problem)
		}
	})
}

func FuzzCheckHTTPURL(f *testing.F) {
	for _, s := range []string{"https://example.com/a.png", "http://127.0.0.1:8089", "HTTPS://EXAMPLE.COM", "ftp://x/y", "https://",
		"//example.com/a.png", "example.com/a.png", "https://exa mple.com", "https://[::1]:443/x?y=1#z", "https://%zz", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		problem := describeProblem(whatsapp.CheckHTTPURL(raw), raw)
		if problem != "" {
			if !utf8.ValidString(problem) && utf8.ValidString(raw) {
				t.Fatalf("checkHTTPURL(%q) explains in invalid UTF-8: %q", raw, problem)
			}
			return
		}
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			t.Fatalf("checkHTTPURL accepted %q (%v, %#v)", raw, err, u)
		}
	})
}

func FuzzParseTimeout(f *testing.F) {
	for _, s := range []string{"60s", "2m", "1h30m", "0s", "-1s", "1", "", "9999999999999h", "1e3s", ".5s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		d, problem := parseTimeout(raw)
		if problem == "" && d <= 0 {
			t.Fatalf("parseTimeout(%q) accepted %v", raw, d)
		}
		if problem != "" && (d != 0 || strings.TrimSpace(problem) == "") {
			t.Fatalf("parseTimeout(%q) = %v, %q", raw, d, problem)
		}
	})
}
