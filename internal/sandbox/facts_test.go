package sandbox

import (
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// The sandbox is a second reading of the API documentation and imports
// nothing of the client. These tests hold the two readings to the same facts
// (API.md in internal/whatsapp), so neither can drift alone.

func TestFactsCloudMediaTableMatchesClient(t *testing.T) {
	var types []string
	for ct := range cloudMediaLimits {
		types = append(types, ct)
	}
	sort.Strings(types)
	if want := whatsapp.CloudContentTypes(); !slices.Equal(types, want) {
		t.Errorf("sandbox Cloud types %v, client's table %v", types, want)
	}
	sortedList := slices.Clone(cloudTypeList)
	sort.Strings(sortedList)
	if !slices.Equal(sortedList, types) {
		t.Errorf("cloudTypeList %v does not list the same types as cloudMediaLimits %v", cloudTypeList, types)
	}
	// The sandbox cannot tell animated WebP from static, so webp gets the animated limit.
	rows := []whatsapp.MediaKind{whatsapp.ImageMedia, whatsapp.AudioMedia, whatsapp.VideoMedia,
		whatsapp.AnimatedStickerMedia, whatsapp.CloudDocumentMedia}
	for _, row := range rows {
		for _, ct := range row.ContentTypes {
			if got := cloudMediaLimits[ct]; got != row.MaxSize {
				t.Errorf("%s: sandbox limit %d, client's table %d (%s)", ct, got, row.MaxSize, row.Plural)
			}
		}
	}
	if onPremMaxUpload != whatsapp.MaxUploadSize {
		t.Errorf("On-Premises upload limit: sandbox %d, client %d", onPremMaxUpload, whatsapp.MaxUploadSize)
	}
}

func TestFactsMessageRulesMatchClient(t *testing.T) {
	var types []string
	for typ := range mediaTypes {
		types = append(types, typ)
	}
	sort.Strings(types)
	if want := whatsapp.MediaMessageTypes(); !slices.Equal(types, want) {
		t.Errorf("sandbox media message types %v, client's %v", types, want)
	}
	if maxCaption != whatsapp.MaxCaptionLength {
		t.Errorf("caption limit: sandbox %d, client %d", maxCaption, whatsapp.MaxCaptionLength)
	}
	if maxCallbackData != whatsapp.MaxCallbackDataLength {
		t.Errorf("callback data limit: sandbox %d, client %d", maxCallbackData, whatsapp.MaxCallbackDataLength)
	}
}

func TestFactsWebhookFailuresMatchClient(t *testing.T) {
	// The sandbox answers the verification failure the client recognises.
	if codeCallbackVerificationFailed != whatsapp.CodeCallbackVerificationFailed {
		t.Errorf("verification failure code: sandbox %d, client %d", codeCallbackVerificationFailed, whatsapp.CodeCallbackVerificationFailed)
	}
}

func TestFactsNamesAndRecipientsMatchClient(t *testing.T) {
	if toRE.String() != whatsapp.RecipientPattern.String() {
		t.Errorf("recipient pattern: sandbox %s, client %s", toRE, whatsapp.RecipientPattern)
	}
	// The sandbox writes the name rule as one pattern; the client as a pattern and a length.
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{"cdn", true}, {"my_cdn-2", true}, {strings.Repeat("a", whatsapp.MaxMediaProviderNameLength), true},
		{strings.Repeat("a", whatsapp.MaxMediaProviderNameLength+1), false}, {"", false}, {"cdn.example", false}, {"a b", false},
	} {
		client := whatsapp.MediaProviderNamePattern.MatchString(tc.name) && len(tc.name) <= whatsapp.MaxMediaProviderNameLength
		if got := providerNameRE.MatchString(tc.name); got != tc.ok || client != tc.ok {
			t.Errorf("media provider name %.20q: sandbox accepts %v, client %v, want %v", tc.name, got, client, tc.ok)
		}
	}
}

// The template rules: names, languages, variables, header example types.
func TestFactsTemplatesMatchClient(t *testing.T) {
	for _, name := range []string{"welcome_kit", "a", "Welcome", "with space", "x-y", strings.Repeat("a", 512), strings.Repeat("a", 513)} {
		if got, want := specTemplateNameRE.MatchString(name), whatsapp.CheckTemplateName(name) == whatsapp.NoProblem; got != want {
			t.Errorf("template name %.20q: sandbox takes it %v, client %v", name, got, want)
		}
	}
	for _, code := range []string{"en", "en_US", "pt_BR", "fil", "english", "EN", "en-US", "en_us"} {
		if got, want := specLanguageRE.MatchString(code), whatsapp.CheckLanguageCode(code) == whatsapp.NoProblem; got != want {
			t.Errorf("language %q: sandbox takes it %v, client %v", code, got, want)
		}
	}
	for _, text := range []string{"", "Hi {{1}}", "{{1}} {{2}} {{1}}", "{{ 3 }}", "{{x}}"} {
		if got, want := placeholders(text), whatsapp.CountPlaceholders(text); got != want {
			t.Errorf("variables in %q: sandbox %d, client %d", text, got, want)
		}
	}
	for _, format := range whatsapp.TemplateHeaderFormats() {
		for _, ct := range whatsapp.HeaderExampleTypes(format) {
			if !uploadFileTypes[ct] {
				t.Errorf("the provider takes %s header examples of type %s, which the sandbox's upload refuses", format, ct)
			}
		}
	}
	for _, typ := range whatsapp.TemplateHeaderTypes() {
		if !headerFormats[strings.ToUpper(typ)] {
			t.Errorf("header type %s is not a sandbox header format", typ)
		}
	}
}

// TestTemplateSendRulesAreTheClients: the sandbox reads a template send as
// the rules the provider and the client share (internal/whatsapp) say: a
// header carries the media types whatsapp.IsTemplateHeaderType names, with a
// caption only if whatsapp.TemplateHeaderTakesCaption, and the namespace is
// required exactly where whatsapp.TemplateNeedsNamespace says, and refused
// elsewhere.
func TestTemplateSendRulesAreTheClients(t *testing.T) {
	header := func(typ string, caption bool) map[string]json.RawMessage {
		media := map[string]any{"id": "1"}
		if caption {
			media["caption"] = "c"
		}
		comp, _ := json.Marshal(map[string]any{"type": "header", "parameters": []any{map[string]any{"type": typ, typ: media}}})
		var c map[string]json.RawMessage
		_ = json.Unmarshal(comp, &c)
		return c
	}
	for _, typ := range whatsapp.MediaMessageTypes() {
		var send templateSend
		got := send.readComponent(header(typ, false), "template.components[0]") == nil
		if want := whatsapp.IsTemplateHeaderType(typ); got != want {
			t.Errorf("a %s header: the sandbox takes it %v, the client's rule %v", typ, got, want)
		}
		if !whatsapp.IsTemplateHeaderType(typ) {
			continue
		}
		if got := send.readComponent(header(typ, true), "template.components[0]") == nil; got != whatsapp.TemplateHeaderTakesCaption {
			t.Errorf("a %s header with a caption: the sandbox takes it %v, the client's rule %v", typ, got, whatsapp.TemplateHeaderTakesCaption)
		}
	}
	for _, flavor := range []whatsapp.Flavor{whatsapp.Cloud, whatsapp.OnPremises} {
		cloud := flavor == whatsapp.Cloud
		for _, withNamespace := range []bool{false, true} {
			tmpl := map[string]any{"name": "welcome_kit", "language": map[string]any{"code": "en_US", "policy": "deterministic"}}
			if withNamespace {
				tmpl["namespace"] = DefaultTemplateNamespace
			}
			raw, _ := json.Marshal(tmpl)
			var fields map[string]json.RawMessage
			_ = json.Unmarshal(raw, &fields)
			_, cerr := readTemplateSend(fields, cloud)
			if want := withNamespace == whatsapp.TemplateNeedsNamespace(flavor); (cerr == nil) != want {
				t.Errorf("%s, namespace %v: the sandbox says %v, the client's rule wants it taken: %v", flavor, withNamespace, cerr, want)
			}
		}
	}
}
