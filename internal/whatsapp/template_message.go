package whatsapp

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Template makes a MediaMessage a template message whose header carries the
// media (API.md, "Template messages"): the way WhatsApp lets a business reach
// a customer outside the 24-hour window.
type Template struct {
	Name     string
	Language string // e.g. "en_US"
	// Namespace is the On-Premises template namespace; empty takes
	// Config.TemplateNamespace. Cloud takes none.
	Namespace      string
	BodyParameters []string // {{1}}, {{2}}, ... of the body, in order
	// NamedBodyParameters fill a NAMED template's body variables by name
	// ({{first_name}}: "first_name" -> "Ana"); sent with parameter_name, in
	// the order of the names. A send gives these or BodyParameters.
	NamedBodyParameters map[string]string
	Buttons             []TemplateButton
}

// TemplateButton fills in one button of the template.
type TemplateButton struct {
	SubType   string // ButtonQuickReply or ButtonURL
	Index     int    // the button's position, 0 to MaxTemplateButtonIndex
	Parameter string // the quick reply's payload, or the URL's dynamic suffix
}

type templateObject struct {
	Namespace  string              `json:"namespace,omitempty"`
	Name       string              `json:"name"`
	Language   templateLanguage    `json:"language"`
	Components []templateComponent `json:"components"`
}

type templateLanguage struct {
	Policy string `json:"policy"`
	Code   string `json:"code"`
}

type templateComponent struct {
	Type       string           `json:"type"`
	SubType    string           `json:"sub_type,omitempty"`
	Index      string           `json:"index,omitempty"`
	Parameters []map[string]any `json:"parameters"`
}

// templateBody builds the "template" object of a send: the media becomes the
// header's one parameter (no caption: a template header has none), the body
// and button parameters follow. The per-field rules are the caller's, as for
// media messages; this refuses only what would make the body wrong.
func (c *Client) templateBody(m MediaMessage, media mediaObject) (templateObject, error) {
	t := m.Template
	namespace := t.Namespace
	switch {
	case !IsTemplateHeaderType(m.Type):
		return templateObject{}, fmt.Errorf("send template message: a template header carries %s, not %s",
			strings.Join(TemplateHeaderTypes(), ", "), m.Type)
	case m.Caption != "" && !TemplateHeaderTakesCaption:
		return templateObject{}, errors.New("send template message: a template header takes no caption")
	case len(t.BodyParameters) > 0 && len(t.NamedBodyParameters) > 0:
		return templateObject{}, errors.New("send template message: body parameters are positional or named, not both")
	case t.Name == "" || t.Language == "":
		return templateObject{}, errors.New("send template message: the template's name and language are required")
	case !TemplateNeedsNamespace(c.cfg.Flavor):
		namespace = "" // Cloud finds the template by name in the phone number's account
	case namespace == "":
		namespace = c.cfg.TemplateNamespace
		if namespace == "" {
			return templateObject{}, errors.New("send template message: the On-Premises API needs the template namespace")
		}
	}
	components := []templateComponent{{Type: "header", Parameters: []map[string]any{{"type": m.Type, m.Type: media}}}}
	if len(t.BodyParameters) > 0 {
		params := make([]map[string]any, len(t.BodyParameters))
		for i, p := range t.BodyParameters {
			params[i] = map[string]any{"type": "text", "text": p}
		}
		components = append(components, templateComponent{Type: "body", Parameters: params})
	} else if len(t.NamedBodyParameters) > 0 {
		names := make([]string, 0, len(t.NamedBodyParameters))
		for name := range t.NamedBodyParameters {
			names = append(names, name)
		}
		sort.Strings(names)
		params := make([]map[string]any, len(names))
		for i, name := range names {
			params[i] = map[string]any{"type": "text", "parameter_name": name, "text": t.NamedBodyParameters[name]}
		}
		components = append(components, templateComponent{Type: "body", Parameters: params})
	}
	for _, b := range t.Buttons {
		param := map[string]any{"type": "text", "text": b.Parameter}
		switch b.SubType {
		case ButtonQuickReply:
			param = map[string]any{"type": "payload", "payload": b.Parameter}
		case ButtonURL:
		default:
			return templateObject{}, fmt.Errorf("send template message: button sub_type %q is not one of %s",
				b.SubType, strings.Join(TemplateButtonSubTypes(), ", "))
		}
		components = append(components, templateComponent{Type: "button", SubType: b.SubType,
			Index: strconv.Itoa(b.Index), Parameters: []map[string]any{param}})
	}
	return templateObject{Namespace: namespace, Name: t.Name,
		Language: templateLanguage{Policy: LanguagePolicyDeterministic, Code: t.Language}, Components: components}, nil
}
