package provider

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

func TestChangedArgumentsNamesWhatForcesTheResend(t *testing.T) {
	base := func() mediaMessageModel {
		return mediaMessageModel{
			ID: types.StringValue("wamid.1"), To: types.StringValue("+16315551001"), Type: types.StringValue("image"),
			MediaID: types.StringValue("123"), MediaSHA256: types.StringValue(strings.Repeat("a", 64)), Link: types.StringNull(), Caption: types.StringValue("hello"),
			Filename: types.StringNull(), LinkProvider: types.StringNull(), RecipientType: types.StringValue("individual"),
			Triggers: types.MapValueMust(types.StringType, map[string]attr.Value{"release": types.StringValue("1")}),
		}
	}
	tests := []struct {
		name string
		edit func(*mediaMessageModel)
		want []string
	}{
		{"nothing changed", func(*mediaMessageModel) {}, nil},
		{"caption", func(m *mediaMessageModel) { m.Caption = types.StringValue("hello v2") }, []string{"caption"}},
		// The plan keeps the sent media ID (keepSentMediaID), so only content counts.
		{"media uploaded again", func(m *mediaMessageModel) { m.MediaID = types.StringValue("456") }, nil},
		{"media content", func(m *mediaMessageModel) { m.MediaSHA256 = types.StringValue(strings.Repeat("b", 64)) },
			[]string{"media_sha256 (the media's content)"}},
		{"media content unknown until apply", func(m *mediaMessageModel) { m.MediaSHA256 = types.StringUnknown() },
			[]string{"media_sha256 (the media's content)"}},
		{"same content, other case", func(m *mediaMessageModel) { m.MediaSHA256 = types.StringValue(strings.Repeat("A", 64)) }, nil},
		{"content hash removed is no change", func(m *mediaMessageModel) { m.MediaSHA256 = types.StringNull() }, nil},
		{"trigger value", func(m *mediaMessageModel) {
			m.Triggers = types.MapValueMust(types.StringType, map[string]attr.Value{"release": types.StringValue("2")})
		}, []string{"triggers"}},
		{"a null trigger added is no change", func(m *mediaMessageModel) {
			m.Triggers = types.MapValueMust(types.StringType, map[string]attr.Value{"release": types.StringValue("1"), "extra": types.StringNull()})
		}, nil},
		{"recipient and type", func(m *mediaMessageModel) {
			m.To = types.StringValue("+16315551002")
			m.Type = types.StringValue("document")
		}, []string{"to", "type"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			plan := base()
			tc.edit(&plan)
			if got := changedArguments(base(), plan); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("changedArguments = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestResendWarningSaysItSendsAgain(t *testing.T) {
	state := mediaMessageModel{ID: types.StringValue("wamid.1"), To: types.StringValue("+16315551001"), Type: types.StringValue("image")}
	d := resendWarning(state, []string{"caption"})
	for _, want := range []string{"wamid.1", "+16315551001", "caption changed", "sends a new message"} {
		if !strings.Contains(d.Detail(), want) {
			t.Errorf("warning detail lacks %q: %s", want, d.Detail())
		}
	}
	if d.Summary() != "WhatsApp Message Will Be Sent Again" {
		t.Errorf("summary = %q", d.Summary())
	}
}

func TestCheckRecipient(t *testing.T) {
	for _, ok := range []string{"+16315551001", "16315551001", "+1 (631) 555-1001", "+1.631.555.1001", "123456", "123456789012345"} {
		if p := checkRecipient(ok); p != "" {
			t.Errorf("checkRecipient(%q) = %q, want accepted", ok, p)
		}
	}
	for bad, want := range map[string]string{
		"12345":            "5 digits",
		"1234567890123456": "16 digits",
		"alice":            "use digits",
		"1631+5551001":     "use digits", // + only in front
		"+1 631 555 10O1":  "use digits", // letter O
		"":                 "use digits",
		"0151 12345678":    "country code first", // national format
		"+0151 12345678":   "country code first",
	} {
		if p := checkRecipient(bad); !strings.Contains(p, want) {
			t.Errorf("checkRecipient(%q) = %q, want it to say %q", bad, p, want)
		}
	}
}

func TestCheckMediaMessageRules(t *testing.T) {
	s, null, unknown := types.StringValue, types.StringNull(), types.StringUnknown()
	for name, tc := range map[string]struct {
		rules messageRules
		want  []string // attributes with an error
	}{
		"caption on image":              {messageRules{s("image"), s("hi"), null}, nil},
		"caption on audio":              {messageRules{s("audio"), s("hi"), null}, []string{"caption"}},
		"caption on sticker":            {messageRules{s("sticker"), s("hi"), null}, []string{"caption"}},
		"empty caption on audio":        {messageRules{s("audio"), s(""), null}, nil},
		"filename on document":          {messageRules{s("document"), s("hi"), s("a.pdf")}, nil},
		"filename on video":             {messageRules{s("video"), null, s("a.mp4")}, []string{"filename"}},
		"both wrong":                    {messageRules{s("sticker"), s("hi"), s("a.webp")}, []string{"caption", "filename"}},
		"unknown type skips the rules":  {messageRules{unknown, s("hi"), s("a.pdf")}, nil},
		"unknown caption skips it":      {messageRules{s("audio"), unknown, null}, nil},
		"unknown filename skips it":     {messageRules{s("audio"), null, unknown}, nil},
		"null type (required, not set)": {messageRules{null, s("hi"), s("a.pdf")}, nil},
	} {
		diags := checkMediaMessageRules(tc.rules)
		if len(diags) != len(tc.want) {
			t.Errorf("%s: got %v, want errors on %v", name, diags, tc.want)
			continue
		}
		for i, d := range diags {
			wd, ok := d.(interface{ Path() path.Path })
			if !ok || !wd.Path().Equal(path.Root(tc.want[i])) {
				t.Errorf("%s: diagnostic %q is not on %s", name, d.Summary(), tc.want[i])
			}
		}
	}
}

func TestCheckLinkProviderFlavor(t *testing.T) {
	if d := checkLinkProviderFlavor(whatsapp.Cloud, types.StringValue("cdn")); !d.HasError() {
		t.Error("link_provider on Cloud: want an error")
	}
	for _, v := range []types.String{types.StringNull(), types.StringUnknown()} {
		if d := checkLinkProviderFlavor(whatsapp.Cloud, v); d.HasError() {
			t.Errorf("link_provider %v on Cloud: %v", v, d)
		}
	}
	if d := checkLinkProviderFlavor(whatsapp.OnPremises, types.StringValue("cdn")); d.HasError() {
		t.Errorf("link_provider on On-Premises: %v", d)
	}
}

// TestCheckBeforeSend: every rule validation skips for unknown values runs
// again on the values the send would use, each on its own attribute.
func TestCheckBeforeSend(t *testing.T) {
	s, null := types.StringValue, types.StringNull()
	valid := mediaMessageModel{
		To: s("+16315551001"), Type: s("document"), MediaID: null, Link: s("https://cdn.example.com/a.pdf"),
		Caption: s("hi"), Filename: s("a.pdf"), LinkProvider: s("cdn"), RecipientType: s("individual"),
	}
	for name, tc := range map[string]struct {
		edit   func(*mediaMessageModel)
		flavor whatsapp.Flavor
		want   []string // attributes with an error, in order
	}{
		"valid":                       {func(*mediaMessageModel) {}, whatsapp.OnPremises, nil},
		"to not a number":             {func(m *mediaMessageModel) { m.To = s("alice") }, whatsapp.OnPremises, []string{"to"}},
		"type not a media type":       {func(m *mediaMessageModel) { m.Type = s("text") }, whatsapp.OnPremises, []string{"type"}},
		"neither media_id nor link":   {func(m *mediaMessageModel) { m.Link, m.LinkProvider = null, null }, whatsapp.OnPremises, []string{"media_id"}},
		"both media_id and link":      {func(m *mediaMessageModel) { m.MediaID = s("123") }, whatsapp.OnPremises, []string{"media_id"}},
		"link not http":               {func(m *mediaMessageModel) { m.Link = s("ftp://cdn.example.com/a.pdf") }, whatsapp.OnPremises, []string{"link"}},
		"link_provider with media_id": {func(m *mediaMessageModel) { m.Link, m.MediaID = null, s("123") }, whatsapp.OnPremises, []string{"link_provider"}},
		"caption too long":            {func(m *mediaMessageModel) { m.Caption = s(strings.Repeat("é", whatsapp.MaxCaptionLength+1)) }, whatsapp.OnPremises, []string{"caption"}},
		"caption on audio":            {func(m *mediaMessageModel) { m.Type, m.Filename = s("audio"), null }, whatsapp.OnPremises, []string{"caption"}},
		"link_provider on Cloud":      {func(m *mediaMessageModel) {}, whatsapp.Cloud, []string{"link_provider"}},
	} {
		m := valid
		tc.edit(&m)
		diags := checkBeforeSend(context.Background(), m, tc.flavor)
		if len(diags) != len(tc.want) {
			t.Errorf("%s: got %v, want errors on %v", name, diags, tc.want)
			continue
		}
		for i, d := range diags {
			wd, ok := d.(interface{ Path() path.Path })
			if !ok || !wd.Path().Equal(path.Root(tc.want[i])) {
				t.Errorf("%s: diagnostic %q is not on %s", name, d.Summary(), tc.want[i])
			}
		}
	}
}
