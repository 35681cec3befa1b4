package whatsapp_test

import (
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

func TestFlavorForInfersFromPhoneNumberID(t *testing.T) {
	if got := whatsapp.FlavorFor("106540352242922"); got != whatsapp.Cloud {
		t.Errorf("with a phone number ID: %q, want cloud", got)
	}
	if got := whatsapp.FlavorFor(""); got != whatsapp.OnPremises {
		t.Errorf("without a phone number ID: %q, want on_premises", got)
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
