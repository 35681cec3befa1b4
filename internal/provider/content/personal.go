package content

import (
	"slices"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// Personal is one recipient's own template values, which take the place of
// the template block's: a broadcast's recipient_*_parameters, a campaign's
// row. A nil part keeps the block's.
type Personal struct {
	Body    []string
	Named   map[string]string
	Buttons map[int]string // by button index
}

// ForRecipient is base (built by Request) sent to one recipient with its own
// values: the one place a message is personalised, for every resource that
// sends one message to many.
func ForRecipient(base whatsapp.MediaMessage, to string, p Personal) whatsapp.MediaMessage {
	m := base
	m.To = to
	if base.Template == nil || (p.Body == nil && p.Named == nil && len(p.Buttons) == 0) {
		return m
	}
	t := *base.Template
	if p.Body != nil {
		t.BodyParameters = p.Body
	}
	if p.Named != nil {
		t.NamedBodyParameters = p.Named
	}
	if len(p.Buttons) > 0 {
		t.Buttons = slices.Clone(base.Template.Buttons)
		for i := range t.Buttons {
			if v, ok := p.Buttons[t.Buttons[i].Index]; ok {
				t.Buttons[i].Parameter = v
			}
		}
	}
	m.Template = &t
	return m
}
