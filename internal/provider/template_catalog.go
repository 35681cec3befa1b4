package provider

import (
	"context"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"golang.org/x/sync/singleflight"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// templateCatalog is what one provider process knows of the business
// account's message templates while it plans: the templates it looked up
// (once per name, whatever the number of messages, broadcasts and actions
// that name it) and the whatsapp_message_template resources this
// configuration plans. Terraform plans instances in parallel, so a lookup is
// single-flight: the first plan that needs a name asks the API, every other
// one waits for that answer. Terraform configures the provider afresh for
// each plan and apply, and each Configure makes a new catalog, so an apply
// (which plans again) looks a template up once more and sees a change made
// since the plan. media_message_template_check.go checks a send against it.
type templateCatalog struct {
	client *whatsapp.Client
	flight singleflight.Group

	mu      sync.Mutex
	found   map[string]templateLookup     // template name -> every language of it, or why the lookup failed
	planned map[templateKey]templateFacts // planned by whatsapp_message_template in this configuration
	warned  map[string]bool               // template names whose failed lookup was already warned about
}

type templateKey struct{ name, language string }

// templateLookup is the answer to one lookup by name.
type templateLookup struct {
	languages []whatsapp.MessageTemplate
	more      bool // the API had more languages than the lookup read (whatsapp.NamedTemplates.More)
	err       error
}

func newTemplateCatalog(client *whatsapp.Client) *templateCatalog {
	return &templateCatalog{client: client, found: map[string]templateLookup{},
		planned: map[templateKey]templateFacts{}, warned: map[string]bool{}}
}

// canLookUp reports whether the configured API has a template API to ask:
// the Cloud API with the business account's ID. On-Premises has none.
func (c *templateCatalog) canLookUp() bool {
	return c != nil && c.client != nil && c.client.Flavor() == whatsapp.Cloud && c.client.BusinessAccountID() != ""
}

// lookUp returns every language of the template called name, asking the API
// at most once per process. A failed lookup is kept too: the plan goes on
// with a warning, and a thousand messages do not ask a thousand times.
func (c *templateCatalog) lookUp(ctx context.Context, name string) templateLookup {
	c.mu.Lock()
	l, ok := c.found[name]
	c.mu.Unlock()
	if ok {
		return l
	}
	v, _, _ := c.flight.Do(name, func() (any, error) {
		c.mu.Lock()
		l, ok := c.found[name]
		c.mu.Unlock()
		if ok {
			return l, nil
		}
		all, err := c.client.TemplatesNamed(ctx, name)
		l = templateLookup{languages: all.Templates, more: all.More, err: err}
		c.mu.Lock()
		c.found[name] = l
		c.mu.Unlock()
		return l, nil
	})
	l, _ = v.(templateLookup)
	return l
}

// firstWarning reports whether a failed lookup of name is warned about for
// the first time in this process.
func (c *templateCatalog) firstWarning(name string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	first := !c.warned[name]
	c.warned[name] = true
	return first
}

// plan keeps what a whatsapp_message_template plans, so that a message
// that names it is checked against it rather than against the API, which
// does not have it yet (or has the version this plan edits). A name or
// language unknown at plan time cannot be matched and is not kept.
func (c *templateCatalog) plan(m messageTemplateModel) {
	if c == nil || m.Name.IsUnknown() || m.Language.IsUnknown() || m.Name.IsNull() || m.Language.IsNull() {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.planned[templateKey{m.Name.ValueString(), m.Language.ValueString()}] = plannedFacts(m)
}

// plannedTemplate is what this configuration plans for the template.
func (c *templateCatalog) plannedTemplate(name, language string) (templateFacts, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f, ok := c.planned[templateKey{name, language}]
	return f, ok
}

// templateFacts is what a send is checked against: a template as the API
// has it, or as a whatsapp_message_template plans it, whose values may be
// unknown until apply (each part has its known flag).
type templateFacts struct {
	name, language string
	planned        bool // from the configuration's whatsapp_message_template, not the API

	status, rejectedReason string // status "" when unknown

	headerKnown  bool
	headerFormat string // "" for no header

	bodyKnown       bool
	parameterFormat string // ParameterFormatNamed or ParameterFormatPositional
	body            string

	buttonsKnown bool
	buttons      []buttonFacts
}

type buttonFacts struct {
	kind    string // QUICK_REPLY, URL or PHONE_NUMBER
	dynamic bool   // a URL that ends in {{1}}: each send gives its suffix
}

func apiFacts(t whatsapp.MessageTemplate) templateFacts {
	f := templateFacts{name: t.Name, language: t.Language, status: t.Status, rejectedReason: reasonValue(t.RejectedReason).ValueString(),
		headerKnown: true, bodyKnown: true, buttonsKnown: true, parameterFormat: whatsapp.ParameterFormatPositional}
	if t.IsNamed() {
		f.parameterFormat = whatsapp.ParameterFormatNamed
	}
	if h, ok := t.Component("HEADER"); ok {
		f.headerFormat = strings.ToUpper(h.Format)
	}
	if b, ok := t.Component("BODY"); ok {
		f.body = b.Text
	}
	if b, ok := t.Component("BUTTONS"); ok {
		for _, def := range b.Buttons {
			f.buttons = append(f.buttons, buttonFacts{kind: strings.ToUpper(def.Type),
				dynamic: strings.EqualFold(def.Type, "URL") && whatsapp.CountPlaceholders(def.URL) > 0})
		}
	}
	return f
}

func plannedFacts(m messageTemplateModel) templateFacts {
	f := templateFacts{name: m.Name.ValueString(), language: m.Language.ValueString(), planned: true}
	if isSet(m.Status) {
		f.status, f.rejectedReason = m.Status.ValueString(), m.RejectedReason.ValueString()
	}
	if !m.HeaderFormat.IsUnknown() {
		f.headerKnown, f.headerFormat = true, m.HeaderFormat.ValueString()
	}
	if isSet(m.Body) && !m.ParameterFormat.IsUnknown() {
		f.bodyKnown, f.body = true, m.Body.ValueString()
		f.parameterFormat = parameterFormatOf(m.ParameterFormat)
	}
	if m.Buttons.IsUnknown() {
		return f
	}
	buttons, diags := buttonsOf(context.Background(), m.Buttons)
	if diags.HasError() {
		return f
	}
	for _, b := range buttons {
		if b.Type.IsUnknown() || b.URL.IsUnknown() {
			return f
		}
		f.buttons = append(f.buttons, buttonFacts{kind: b.Type.ValueString(),
			dynamic: b.Type.ValueString() == "URL" && whatsapp.CountPlaceholders(b.URL.ValueString()) > 0})
	}
	f.buttonsKnown = true
	return f
}

// parameterFormatOf is a planned parameter_format, POSITIONAL when not set.
func parameterFormatOf(v types.String) string {
	if v.ValueString() == whatsapp.ParameterFormatNamed {
		return whatsapp.ParameterFormatNamed
	}
	return whatsapp.ParameterFormatPositional
}
