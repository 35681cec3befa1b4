package content

import (
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// TestForRecipient: a recipient's own values replace the block's parts they
// name, leave the others, and never change base.
func TestForRecipient(t *testing.T) {
	base := whatsapp.MediaMessage{Type: "image", Template: &whatsapp.Template{Name: "kit", BodyParameters: []string{"friend"},
		Buttons: []whatsapp.TemplateButton{{Index: 0, Parameter: "A"}, {Index: 1, Parameter: "B"}}}}
	plain := ForRecipient(base, "1", Personal{})
	if plain.To != "1" || plain.Template != base.Template {
		t.Fatalf("no values: %+v, want base to 1", plain)
	}
	m := ForRecipient(base, "2", Personal{Body: []string{"Ana"}, Buttons: map[int]string{1: "C"}})
	if m.To != "2" || m.Template.BodyParameters[0] != "Ana" || m.Template.Buttons[0].Parameter != "A" || m.Template.Buttons[1].Parameter != "C" {
		t.Fatalf("personalised: %+v", *m.Template)
	}
	if base.Template.BodyParameters[0] != "friend" || base.Template.Buttons[1].Parameter != "B" {
		t.Fatalf("base changed: %+v", *base.Template)
	}
}
