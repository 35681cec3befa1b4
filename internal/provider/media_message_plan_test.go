package provider

import (
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
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
