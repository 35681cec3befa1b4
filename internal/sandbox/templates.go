package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
)

// Message templates (internal/whatsapp/API.md, "Template messages" and
// "Templates as code"): the sandbox keeps a business's templates so template
// sends can be checked against them as WhatsApp checks them (the template
// exists in the language, is approved, has the header format and the number
// of parameters sent). template_messages.go checks sends; template_api.go
// serves the Cloud API's template management.

// MessageTemplate is one template in one language.
type MessageTemplate struct {
	ID             string
	Name           string
	Language       string
	Category       string // MARKETING, UTILITY or AUTHENTICATION
	Status         string // APPROVED, PENDING, REJECTED, PAUSED or DISABLED
	RejectedReason string // with REJECTED, e.g. "INVALID_FORMAT"
	// ParameterFormat is POSITIONAL ({{1}}; also when empty) or NAMED
	// ({{first_name}}, which a send fills by parameter_name).
	ParameterFormat string
	Components      []TemplateComponent

	submitted time.Time   // when it was last sent to review (sandbox clock)
	edits     []time.Time // edits of an approved template (template_api.go)
}

// TemplateComponent is one component as Graph writes it.
type TemplateComponent struct {
	Type    string              `json:"type"`             // HEADER, BODY, FOOTER or BUTTONS
	Format  string              `json:"format,omitempty"` // HEADER: TEXT, IMAGE, VIDEO or DOCUMENT
	Text    string              `json:"text,omitempty"`
	Buttons []TemplateButtonDef `json:"buttons,omitempty"`
	Example json.RawMessage     `json:"example,omitempty"`
}

// TemplateButtonDef is one button of a BUTTONS component.
type TemplateButtonDef struct {
	Type        string   `json:"type"` // QUICK_REPLY, URL or PHONE_NUMBER
	Text        string   `json:"text"`
	URL         string   `json:"url,omitempty"`
	PhoneNumber string   `json:"phone_number,omitempty"`
	Example     []string `json:"example,omitempty"`
}

// Template statuses.
const (
	TemplateApproved = "APPROVED"
	TemplatePending  = "PENDING"
	TemplateRejected = "REJECTED"
	TemplatePaused   = "PAUSED"
	TemplateDisabled = "DISABLED"
)

// DefaultTemplateNamespace is the On-Premises template namespace of the
// sandbox's business account.
const DefaultTemplateNamespace = "5e6b1c1e_7f2a_4c3d_9a8b_0d1e2f3a4b5c"

// WelcomeTemplate is the approved template every sandbox starts with (as a
// new business account starts with Meta's sample template): an image header,
// one body parameter and a quick reply button, so a template send with media
// works on both flavors without creating one first.
func WelcomeTemplate() MessageTemplate {
	return MessageTemplate{Name: "welcome_kit", Language: "en_US", Category: "MARKETING", Status: TemplateApproved,
		Components: []TemplateComponent{
			{Type: "HEADER", Format: "IMAGE"},
			// Meta returns the samples a template was reviewed with.
			{Type: "BODY", Text: "Hi {{1}}, welcome aboard! Here is your welcome kit.", Example: json.RawMessage(`{"body_text":[["Ana"]]}`)},
			{Type: "FOOTER", Text: "Sandbox Business"},
			{Type: "BUTTONS", Buttons: []TemplateButtonDef{{Type: "QUICK_REPLY", Text: "Stop promotions"}}},
		}}
}

// headerFormat is the template's HEADER format, or "" without a header.
func (t MessageTemplate) headerFormat() string {
	for _, c := range t.Components {
		if strings.EqualFold(c.Type, "HEADER") {
			return strings.ToUpper(c.Format)
		}
	}
	return ""
}

// component is the template's component of type typ, or a zero one.
func (t MessageTemplate) component(typ string) TemplateComponent {
	for _, c := range t.Components {
		if strings.EqualFold(c.Type, typ) {
			return c
		}
	}
	return TemplateComponent{}
}

func (t MessageTemplate) buttons() []TemplateButtonDef { return t.component("BUTTONS").Buttons }

// placeholderRE finds {{1}}, {{2}}, ... in template text.
var placeholderRE = regexp.MustCompile(`\{\{\s*([0-9]+)\s*\}\}`)

// placeholders counts the distinct {{n}} in text.
func placeholders(text string) int {
	seen := map[string]bool{}
	for _, m := range placeholderRE.FindAllStringSubmatch(text, -1) {
		seen[m[1]] = true
	}
	return len(seen)
}

// Parameter formats of a template.
const (
	ParameterFormatPositional = "POSITIONAL"
	ParameterFormatNamed      = "NAMED"
)

// named reports whether the template's variables are named.
func (t MessageTemplate) named() bool { return t.ParameterFormat == ParameterFormatNamed }

// namedPlaceholderRE finds {{first_name}} in a NAMED template's text (Meta:
// lowercase letters, digits and underscores).
var namedPlaceholderRE = regexp.MustCompile(`\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}`)

// placeholderNames lists the distinct {{name}} of text, as they first appear.
func placeholderNames(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range namedPlaceholderRE.FindAllStringSubmatch(text, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			out = append(out, m[1])
		}
	}
	return out
}

// hydrateNamed fills {{name}} with the parameter of that name.
func hydrateNamed(text string, params map[string]string) string {
	return namedPlaceholderRE.ReplaceAllStringFunc(text, func(m string) string {
		if v, ok := params[namedPlaceholderRE.FindStringSubmatch(m)[1]]; ok {
			return v
		}
		return m
	})
}

// hydrate fills {{n}} with the nth parameter, as the recipient would see it.
func hydrate(text string, params []string) string {
	return placeholderRE.ReplaceAllStringFunc(text, func(m string) string {
		n := 0
		for _, r := range placeholderRE.FindStringSubmatch(m)[1] {
			n = n*10 + int(r-'0')
		}
		if n >= 1 && n <= len(params) {
			return params[n-1]
		}
		return m
	})
}

// templates is the business's templates, with their own lock: reviewing a
// template must not wait on uploads.
type templates struct {
	mu     sync.Mutex
	byID   map[string]*MessageTemplate
	order  []string
	review TemplateReview

	// template_api.go: resumable upload sessions, issued header handles and
	// names of deleted approved templates held for 30 days.
	uploads map[string]*uploadSession
	handles map[string]*uploadSession
	held    map[string]time.Time
}

// TemplateReview sets how the sandbox reviews created and edited templates:
// PENDING for Delay (on the sandbox's clock), then APPROVED, or REJECTED with
// Reason for the names in Reject.
type TemplateReview struct {
	Delay  time.Duration
	Reject map[string]string // template name -> rejection reason
}

// DefaultTemplateReviewDelay is how long a template stays PENDING.
const DefaultTemplateReviewDelay = 2 * time.Second

func (ts *templates) reset(now time.Time) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.byID, ts.order = map[string]*MessageTemplate{}, nil
	ts.uploads, ts.handles, ts.held = nil, nil, nil
	ts.review = TemplateReview{Delay: DefaultTemplateReviewDelay}
	ts.addLocked(WelcomeTemplate(), now)
}

func (ts *templates) addLocked(t MessageTemplate, now time.Time) MessageTemplate {
	if ts.byID == nil {
		ts.byID = map[string]*MessageTemplate{}
	}
	if t.ID == "" {
		t.ID = newNumericID()
	}
	if t.Status == "" {
		t.Status = TemplatePending
	}
	if t.ParameterFormat == "" {
		t.ParameterFormat = ParameterFormatPositional
	}
	t.submitted = now
	ts.byID[t.ID] = &t
	ts.order = append(ts.order, t.ID)
	return t
}

// settleLocked moves a PENDING template whose review time has come to
// APPROVED or REJECTED.
func (ts *templates) settleLocked(t *MessageTemplate, now time.Time) {
	if t.Status != TemplatePending || now.Before(t.submitted.Add(ts.review.Delay)) {
		return
	}
	if reason, ok := ts.review.Reject[t.Name]; ok {
		t.Status, t.RejectedReason = TemplateRejected, reason
		return
	}
	t.Status, t.RejectedReason = TemplateApproved, ""
}

// list returns every template, settled, in creation order.
func (ts *templates) list(now time.Time) []MessageTemplate {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	out := make([]MessageTemplate, 0, len(ts.order))
	for _, id := range ts.order {
		t := ts.byID[id]
		ts.settleLocked(t, now)
		out = append(out, *t)
	}
	return out
}

// find returns the template with this name and language.
func (ts *templates) find(name, language string, now time.Time) (MessageTemplate, bool) {
	for _, t := range ts.list(now) {
		if t.Name == name && t.Language == language {
			return t, true
		}
	}
	return MessageTemplate{}, false
}

// hasName reports whether any language of the template exists.
func (ts *templates) hasName(name string, now time.Time) bool {
	for _, t := range ts.list(now) {
		if t.Name == name {
			return true
		}
	}
	return false
}

// PutTemplate adds a template as if it had been created in the WhatsApp
// Manager: an empty Status means APPROVED. It returns it with its ID.
func (s *Server) PutTemplate(t MessageTemplate) MessageTemplate {
	if t.Status == "" {
		t.Status = TemplateApproved
	}
	s.templates.mu.Lock()
	defer s.templates.mu.Unlock()
	return s.templates.addLocked(t, s.st.now())
}

// Templates lists every template, PENDING ones settled by the review.
func (s *Server) Templates() []MessageTemplate { return s.templates.list(s.st.now()) }

// SetTemplateStatus changes a template's status out of band, as Meta does
// when it pauses or disables a template; it reports whether the ID exists.
func (s *Server) SetTemplateStatus(id, status, reason string) bool {
	s.templates.mu.Lock()
	defer s.templates.mu.Unlock()
	t, ok := s.templates.byID[id]
	if ok {
		t.Status, t.RejectedReason = status, reason
	}
	return ok
}

// SetTemplateReview sets the review delay and which names are rejected.
func (s *Server) SetTemplateReview(r TemplateReview) {
	s.templates.mu.Lock()
	defer s.templates.mu.Unlock()
	s.templates.review = r
}

// --- control API: /_sandbox/templates ---

type templateJSON struct {
	ID              string              `json:"id,omitempty"`
	Name            string              `json:"name"`
	Language        string              `json:"language"`
	Category        string              `json:"category,omitempty"`
	Status          string              `json:"status,omitempty"`
	RejectedReason  string              `json:"rejected_reason,omitempty"`
	ParameterFormat string              `json:"parameter_format,omitempty"`
	Components      []TemplateComponent `json:"components"`
}

func templateToJSON(t MessageTemplate) templateJSON {
	return templateJSON{ID: t.ID, Name: t.Name, Language: t.Language, Category: t.Category, Status: t.Status,
		RejectedReason: t.RejectedReason, ParameterFormat: t.ParameterFormat, Components: t.Components}
}

// controlPutTemplate serves POST /_sandbox/templates: a template as Graph
// writes it, with an optional status (default APPROVED).
func (s *Server) controlPutTemplate(w http.ResponseWriter, r *http.Request) {
	var tj templateJSON
	body, err := io.ReadAll(io.LimitReader(r.Body, maxJSONBody))
	if err == nil {
		err = json.Unmarshal(body, &tj)
	}
	switch {
	case err != nil:
		controlError(w, http.StatusBadRequest, `send a template like {"name":"welcome_kit","language":"en_US","category":"MARKETING",`+
			`"components":[{"type":"HEADER","format":"IMAGE"},{"type":"BODY","text":"Hi {{1}}"}]}: `+errString(err))
		return
	case tj.Name == "" || tj.Language == "":
		controlError(w, http.StatusBadRequest, "a template needs a name and a language")
		return
	}
	t := s.PutTemplate(MessageTemplate{Name: tj.Name, Language: tj.Language, Category: tj.Category, Status: strings.ToUpper(tj.Status),
		RejectedReason: tj.RejectedReason, ParameterFormat: strings.ToUpper(tj.ParameterFormat), Components: tj.Components})
	writeJSON(w, http.StatusCreated, templateToJSON(t))
}

// controlTemplateReview serves POST /_sandbox/template-review:
// {"delay":"5s","reject":{"bad_name":"INVALID_FORMAT"}}.
func (s *Server) controlTemplateReview(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Delay  string            `json:"delay"`
		Reject map[string]string `json:"reject"`
	}
	err := json.NewDecoder(io.LimitReader(r.Body, maxJSONBody)).Decode(&req)
	var d time.Duration
	if err == nil && req.Delay != "" {
		d, err = time.ParseDuration(req.Delay)
	}
	if err != nil || d < 0 {
		controlError(w, http.StatusBadRequest, `send {"delay":"<Go duration>","reject":{"<template name>":"<reason>"}}, e.g. {"delay":"5s","reject":{"spam_offer":"PROMOTIONAL"}}`)
		return
	}
	s.SetTemplateReview(TemplateReview{Delay: d, Reject: req.Reject})
	writeJSON(w, http.StatusOK, map[string]any{"delay": d.String(), "reject": req.Reject})
}

func (s *Server) controlListTemplates(w http.ResponseWriter, _ *http.Request) {
	out := []templateJSON{}
	for _, t := range s.Templates() {
		out = append(out, templateToJSON(t))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	writeJSON(w, http.StatusOK, map[string]any{"templates": out})
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
