package provider

import (
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider/content"
)

func TestChangedArgumentsNamesWhatForcesTheResend(t *testing.T) {
	base := func() mediaMessageModel {
		return mediaMessageModel{
			ID: types.StringValue("wamid.1"), To: types.StringValue("+16315551001"), RecipientType: types.StringValue("individual"),
			Content: content.Content{
				Media: content.Media{Type: types.StringValue("image"), MediaID: types.StringValue("123"), Link: types.StringNull(),
					Caption: types.StringValue("hello"), Filename: types.StringNull(), LinkProvider: types.StringNull()},
				MediaSHA256: types.StringValue(strings.Repeat("a", 64)),
				Triggers:    types.MapValueMust(types.StringType, map[string]attr.Value{"release": types.StringValue("1")}),
			},
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
	state := mediaMessageModel{ID: types.StringValue("wamid.1"), To: types.StringValue("+16315551001")}
	state.Type = types.StringValue("image")
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
