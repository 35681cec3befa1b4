package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider/content"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

func TestCheckMediaMessageRules(t *testing.T) {
	s, null, unknown := types.StringValue, types.StringNull(), types.StringUnknown()
	rule := func(typ, caption, filename types.String) content.Media {
		return content.Media{Type: typ, Caption: caption, Filename: filename}
	}
	for name, tc := range map[string]struct {
		rules content.Media
		want  []string // attributes with an error
	}{
		"caption on image":              {rule(s("image"), s("hi"), null), nil},
		"caption on audio":              {rule(s("audio"), s("hi"), null), []string{"caption"}},
		"caption on sticker":            {rule(s("sticker"), s("hi"), null), []string{"caption"}},
		"empty caption on audio":        {rule(s("audio"), s(""), null), nil},
		"filename on document":          {rule(s("document"), s("hi"), s("a.pdf")), nil},
		"filename on video":             {rule(s("video"), null, s("a.mp4")), []string{"filename"}},
		"both wrong":                    {rule(s("sticker"), s("hi"), s("a.webp")), []string{"caption", "filename"}},
		"unknown type skips the rules":  {rule(unknown, s("hi"), s("a.pdf")), nil},
		"unknown caption skips it":      {rule(s("audio"), unknown, null), nil},
		"unknown filename skips it":     {rule(s("audio"), null, unknown), nil},
		"null type (required, not set)": {rule(null, s("hi"), s("a.pdf")), nil},
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
	valid := mediaMessageModel{To: s("+16315551001"), RecipientType: s("individual"), CallbackData: null,
		Content: content.Content{Media: content.Media{Type: s("document"), MediaID: null, Link: s("https://cdn.example.com/a.pdf"),
			Caption: s("hi"), Filename: s("a.pdf"), LinkProvider: s("cdn")}}}
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
		diags := checkBeforeSend(context.Background(), m.To, m.Content, m.CallbackData, tc.flavor, "")
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

// TestCheckOneMediaSourceAtPlan: at plan time a configured value counts even
// when empty, and an unknown one may turn out either way.
func TestCheckOneMediaSourceAtPlan(t *testing.T) {
	s, null, unknown := types.StringValue, types.StringNull(), types.StringUnknown()
	for name, tc := range map[string]struct {
		mediaID, link types.String
		want          string // summary of the error, "" for none
		onMediaID     bool
	}{
		"media_id":                       {s("123"), null, "", false},
		"link":                           {null, s("https://a.example/x"), "", false},
		"empty media_id (its validator)": {s(""), null, "", false},
		"both":                           {s("123"), s("https://a.example/x"), "Invalid Attribute Combination", true},
		"both, one empty":                {s(""), s("https://a.example/x"), "Invalid Attribute Combination", true},
		"neither":                        {null, null, "Missing Attribute Configuration", false},
		"unknown media_id, no link":      {unknown, null, "", false},
		"unknown link and a media_id":    {s("123"), unknown, "", false},
	} {
		diags := checkOneMediaSource(tc.mediaID, tc.link, false)
		if tc.want == "" {
			if diags.HasError() {
				t.Errorf("%s: got %v, want no error", name, diags)
			}
			continue
		}
		if len(diags) != 1 || diags[0].Summary() != tc.want ||
			!strings.Contains(diags[0].Detail(), "Exactly one of these attributes must be configured: [media_id,link]") {
			t.Errorf("%s: got %v, want one %q", name, diags, tc.want)
			continue
		}
		wd, onAttr := diags[0].(interface{ Path() path.Path })
		if onAttr != tc.onMediaID || (onAttr && !wd.Path().Equal(path.Root("media_id"))) {
			t.Errorf("%s: diagnostic on an attribute: %v, want on media_id: %v", name, onAttr, tc.onMediaID)
		}
	}
}
