package whatsapp_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// TestFlavorFor: with api left out, a phone number ID, no base URL, or Meta's
// host mean the Cloud API; any other host is On-Premises (or a BSP gateway).
func TestFlavorFor(t *testing.T) {
	for _, tc := range []struct {
		baseURL, phoneNumberID string
		want                   whatsapp.Flavor
	}{
		{"", "", whatsapp.Cloud},
		{"", "106540352242922", whatsapp.Cloud},
		{"https://graph.facebook.com", "", whatsapp.Cloud},
		{"https://GRAPH.facebook.com:443/", "", whatsapp.Cloud},
		{"https://wa.example.com:9090", "", whatsapp.OnPremises},
		{"https://wa.example.com:9090", "106540352242922", whatsapp.Cloud},
		{"https://graph.facebook.com.evil.example", "", whatsapp.OnPremises},
	} {
		if got := whatsapp.FlavorFor(tc.baseURL, tc.phoneNumberID); got != tc.want {
			t.Errorf("FlavorFor(%q, %q) = %q, want %q", tc.baseURL, tc.phoneNumberID, got, tc.want)
		}
	}
}

func TestAPIVersionPattern(t *testing.T) {
	for v, ok := range map[string]bool{"v23.0": true, "v9.12": true, "v23": false, "23.0": false, "v23.0/x": false, "v23.0 ": false, "": false} {
		if got := whatsapp.APIVersionPattern.MatchString(v); got != ok {
			t.Errorf("%q: matches %v, want %v", v, got, ok)
		}
	}
}

// The field table of API.md, "The message body".
func TestFieldTable(t *testing.T) {
	want := map[string][2]bool{ // caption, filename
		"image": {true, false}, "video": {true, false}, "document": {true, true},
		"audio": {false, false}, "sticker": {false, false},
	}
	for _, typ := range whatsapp.MediaMessageTypes() {
		w, ok := want[typ]
		if !ok {
			t.Fatalf("unexpected media message type %q", typ)
		}
		if got := [2]bool{whatsapp.TakesCaption(typ), whatsapp.TakesFilename(typ)}; got != w {
			t.Errorf("%s: caption, filename = %v, want %v", typ, got, w)
		}
		if !whatsapp.IsMediaMessageType(typ) {
			t.Errorf("IsMediaMessageType(%q) = false", typ)
		}
	}
	if len(whatsapp.MediaMessageTypes()) != len(want) || whatsapp.IsMediaMessageType("text") {
		t.Errorf("media message types %v, want exactly %d", whatsapp.MediaMessageTypes(), len(want))
	}
}

// TestRecipientFormatting: +, spaces, dashes, dots and parentheses are
// formatting; a leading 0 is a national number.
func TestRecipientFormatting(t *testing.T) {
	for _, same := range [][2]string{
		{"491701223002", "+49 170 1223002"}, {"+1 (631) 555-1001", "1.631.555.1001"}, {"16315551001", "16315551001"},
	} {
		if !whatsapp.SameRecipient(same[0], same[1]) {
			t.Errorf("SameRecipient(%q, %q) = false, want true", same[0], same[1])
		}
	}
	for _, other := range [][2]string{{"491701223002", "491701223003"}, {"", ""}, {"+ -", "()"}} {
		if whatsapp.SameRecipient(other[0], other[1]) {
			t.Errorf("SameRecipient(%q, %q) = true, want false", other[0], other[1])
		}
	}
	for to, national := range map[string]bool{"0151 12345678": true, "+0151 12345678": true, "(0)151 123": true, "+49 151 12345678": false} {
		_, err := whatsapp.CanonicalRecipient(to)
		var re *whatsapp.RecipientError
		if got := errors.As(err, &re) && re.Problem == whatsapp.RecipientNational; got != national {
			t.Errorf("CanonicalRecipient(%q) calls it national: %v, want %v", to, got, national)
		}
	}
}

// TestPhoneNumberIDs: digits only, and the phone number itself is told apart.
func TestPhoneNumberIDs(t *testing.T) {
	for _, ok := range []string{"106540352242922", "1"} {
		if p := whatsapp.CheckPhoneNumberID(ok); p != whatsapp.NoProblem {
			t.Errorf("%q refused: %d", ok, p)
		}
	}
	for bad, want := range map[string]whatsapp.Problem{
		"+49 170 1223002": whatsapp.PhoneNumberIDIsPhoneNumber,
		"491701223002 ":   whatsapp.PhoneNumberIDIsPhoneNumber,
		"abc":             whatsapp.PhoneNumberIDNotDigits,
		"":                whatsapp.PhoneNumberIDNotDigits,
		"123/../456":      whatsapp.PhoneNumberIDNotDigits,
	} {
		if p := whatsapp.CheckPhoneNumberID(bad); p != want {
			t.Errorf("%q: problem %d, want %d", bad, p, want)
		}
	}
}

// TestMediaIDs: numbers and UUIDs pass; what would change the request path does not.
func TestMediaIDs(t *testing.T) {
	for _, ok := range []string{"1037543291543636", "f043afd0-f0ae-4b9c-ab3d-696fb4c8cd68"} {
		if p := whatsapp.CheckMediaID(ok); p != whatsapp.NoProblem {
			t.Errorf("%q refused: %d", ok, p)
		}
	}
	if whatsapp.CheckMediaID("") != whatsapp.MediaIDEmpty {
		t.Error("an empty media ID is not told empty")
	}
	for _, bad := range []string{"123 456", "../123", "123?fields=url", "12#3", "12%2F3", "123\n"} {
		if whatsapp.CheckMediaID(bad) != whatsapp.MediaIDNotAnID {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestCorrectContentType: each misspelling names a type that is no
// misspelling itself, and the Cloud API's own types are never "corrected".
func TestCorrectContentType(t *testing.T) {
	if got := whatsapp.CorrectContentType("Image/JPG"); got != "image/jpeg" {
		t.Errorf("Image/JPG: got %q, want image/jpeg", got)
	}
	if got := whatsapp.CorrectContentType("audio/mp3"); got != "audio/mpeg" {
		t.Errorf("audio/mp3: got %q, want audio/mpeg", got)
	}
	for _, ct := range whatsapp.CloudContentTypes() {
		if got := whatsapp.CorrectContentType(ct); got != "" {
			t.Errorf("the accepted type %q is corrected to %q", ct, got)
		}
	}
	for _, wrong := range []string{"image/jpg", "audio/mp3", "video/mov", "text/txt"} {
		right := whatsapp.CorrectContentType(wrong)
		if right == "" || whatsapp.CorrectContentType(right) != "" {
			t.Errorf("%q corrects to %q, which is empty or itself corrected", wrong, right)
		}
	}
}

// TestCanonicalRecipient: every way of writing one number has one canonical
// form (its digits), and each broken rule is named.
func TestCanonicalRecipient(t *testing.T) {
	for _, to := range []string{"491701223003", "+491701223003", "+49 170 1223003", "+49 (170) 122-30.03"} {
		got, err := whatsapp.CanonicalRecipient(to)
		if err != nil || got != "491701223003" {
			t.Errorf("CanonicalRecipient(%q) = %q, %v; want 491701223003", to, got, err)
		}
	}
	for to, want := range map[string]whatsapp.RecipientProblem{
		"+49 170 abc":      whatsapp.RecipientNotANumber,
		"":                 whatsapp.RecipientNotANumber,
		"0170 1223003":     whatsapp.RecipientNational,
		"12345":            whatsapp.RecipientDigitCount,
		"1234567890123456": whatsapp.RecipientDigitCount,
	} {
		_, err := whatsapp.CanonicalRecipient(to)
		var re *whatsapp.RecipientError
		if !errors.As(err, &re) || re.Problem != want {
			t.Errorf("CanonicalRecipient(%q) error = %v, want problem %d", to, err, want)
		}
	}
}

func TestCheckMediaProviderName(t *testing.T) {
	for name, want := range map[string]whatsapp.Problem{
		"cdn":                    whatsapp.NoProblem,
		"my_cdn-2":               whatsapp.NoProblem,
		strings.Repeat("a", 200): whatsapp.NoProblem,
		"":                       whatsapp.MediaProviderNameLength,
		strings.Repeat("a", 201): whatsapp.MediaProviderNameLength,
		"my cdn":                 whatsapp.MediaProviderNameCharacters,
		"cdn/../x":               whatsapp.MediaProviderNameCharacters,
	} {
		if got := whatsapp.CheckMediaProviderName(name); got != want {
			t.Errorf("CheckMediaProviderName(%q) = %d, want %d", name, got, want)
		}
	}
}

// TestCheckURLs: the one URL check, and the webhook's, which also refuses a fragment.
func TestCheckURLs(t *testing.T) {
	for raw, want := range map[string][2]whatsapp.Problem{
		"https://example.com/hook":   {whatsapp.NoProblem, whatsapp.NoProblem},
		"http://127.0.0.1:8080/x":    {whatsapp.NoProblem, whatsapp.NoProblem},
		"https://example.com/hook#a": {whatsapp.NoProblem, whatsapp.URLFragment},
		"ftp://example.com/a":        {whatsapp.URLNotHTTP, whatsapp.URLNotHTTP},
		"https:///path":              {whatsapp.URLNoHost, whatsapp.URLNoHost},
		"https://exa mple.com/%zz":   {whatsapp.URLNotParsed, whatsapp.URLNotParsed},
	} {
		if got := whatsapp.CheckHTTPURL(raw); got != want[0] {
			t.Errorf("CheckHTTPURL(%q) = %d, want %d", raw, got, want[0])
		}
		if got := whatsapp.CheckWebhookURL(raw); got != want[1] {
			t.Errorf("CheckWebhookURL(%q) = %d, want %d", raw, got, want[1])
		}
	}
}
