package content

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// TestRequestCarriesEveryField: Request is the one place content becomes the
// client's request; each field lands in its own place.
func TestRequestCarriesEveryField(t *testing.T) {
	s := types.StringValue
	c := Content{Media: Media{Type: s("document"), MediaID: s("1"), Link: s("https://a"), Caption: s("c"),
		Filename: s("f.pdf"), LinkProvider: s("cdn")}}
	m, diags := c.Request(context.Background(), "16315551001", "group", "cb")
	if diags.HasError() {
		t.Fatal(diags)
	}
	if m.To != "16315551001" || m.RecipientType != "group" || m.Type != "document" || m.MediaID != "1" ||
		m.Link != "https://a" || m.Caption != "c" || m.Filename != "f.pdf" || m.LinkProvider != "cdn" ||
		m.CallbackData != "cb" || m.Template != nil {
		t.Fatalf("Request = %+v", m)
	}
}

// TestIdentityWaitsForKnownValues: a send is identified only when all of it
// is known; media_sha256 stands for the media ID and is case-blind.
func TestIdentityWaitsForKnownValues(t *testing.T) {
	s := types.StringValue
	base := func() Content {
		return Content{Media: Media{Type: s("image"), MediaID: s("1"), Link: types.StringNull(), Caption: types.StringNull(),
			Filename: types.StringNull(), LinkProvider: types.StringNull()},
			MediaSHA256: s("AB"), Triggers: types.MapValueMust(types.StringType, map[string]attr.Value{"r": s("1")})}
	}
	m, ok := base().Identity("acct", "1", s("individual"), SentByMessage)
	if !ok || m.Content["media_sha256"] != "ab" || m.Content["media_id"] != "" || m.Triggers["r"] != "1" {
		t.Fatalf("Identity = %+v, %v", m, ok)
	}
	for name, edit := range map[string]func(*Content){
		"type":         func(c *Content) { c.Type = types.StringUnknown() },
		"media_sha256": func(c *Content) { c.MediaSHA256 = types.StringUnknown() },
		"triggers":     func(c *Content) { c.Triggers = types.MapUnknown(types.StringType) },
	} {
		c := base()
		edit(&c)
		if _, ok := c.Identity("acct", "1", s("individual"), SentByMessage); ok {
			t.Errorf("an unknown %s was identified", name)
		}
	}
	if b, _ := base().Identity("acct", "1", s("individual"), SentByBroadcast); b.Key() == m.Key() {
		t.Error("a broadcast's send has the message's identity")
	}
}
