package whatsapp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Templates as code, Cloud only (API.md, "Templates as code"): create, read,
// edit and delete a business account's message templates, and upload a
// media header's example through the Resumable Upload API.

// Template statuses.
const (
	TemplateApproved = "APPROVED"
	TemplatePending  = "PENDING"
	TemplateRejected = "REJECTED"
	TemplatePaused   = "PAUSED"
	TemplateDisabled = "DISABLED"
)

// TemplateCategories lists the categories a template can have.
func TemplateCategories() []string { return []string{"AUTHENTICATION", "MARKETING", "UTILITY"} }

// TemplateHeaderFormats lists a HEADER component's formats.
func TemplateHeaderFormats() []string { return []string{"DOCUMENT", "IMAGE", "TEXT", "VIDEO"} }

// TemplateButtonTypes lists the button types a template can define.
func TemplateButtonTypes() []string { return []string{"PHONE_NUMBER", "QUICK_REPLY", "URL"} }

// IsEditable reports whether Meta lets a template in this status be edited.
func IsEditable(status string) bool {
	return status == TemplateApproved || status == TemplateRejected || status == TemplatePaused
}

// headerExampleTypes are the file types each media header format takes as
// its example (which the Resumable Upload API then takes).
var headerExampleTypes = map[string][]string{
	"DOCUMENT": {"application/pdf"},
	"IMAGE":    {"image/jpeg", "image/png"},
	"VIDEO":    {"video/mp4"},
}

// HeaderExampleTypes lists the file types a header of format (IMAGE, VIDEO,
// DOCUMENT) takes as its example; nil for a format that takes none (TEXT).
// The one list: the provider checks a header_example against it and the
// sandbox's tests check the sandbox's upload against it.
func HeaderExampleTypes(format string) []string {
	return append([]string(nil), headerExampleTypes[format]...)
}

// MessageTemplate is one template in one language as Graph tells it.
type MessageTemplate struct {
	ID             string `json:"id,omitempty"`
	Name           string `json:"name"`
	Language       string `json:"language"`
	Category       string `json:"category"`
	Status         string `json:"status,omitempty"`
	RejectedReason string `json:"rejected_reason,omitempty"`
	// ParameterFormat is how the template's variables are written:
	// ParameterFormatPositional ({{1}}, {{2}}; also when empty) or
	// ParameterFormatNamed ({{first_name}}), which a send fills by name.
	ParameterFormat string              `json:"parameter_format,omitempty"`
	Components      []TemplateComponent `json:"components"`
}

// Parameter formats of a template (Meta's template management pages: a
// create's parameter_format; not in the v23.0 OpenAPI description).
const (
	ParameterFormatPositional = "POSITIONAL"
	ParameterFormatNamed      = "NAMED"
)

// TemplateParameterFormats lists the parameter formats a template can have.
func TemplateParameterFormats() []string {
	return []string{ParameterFormatNamed, ParameterFormatPositional}
}

// IsNamed reports whether the template's variables are named.
func (t MessageTemplate) IsNamed() bool { return t.ParameterFormat == ParameterFormatNamed }

// TemplateComponent is one HEADER, BODY, FOOTER or BUTTONS component.
type TemplateComponent struct {
	Type    string              `json:"type"`
	Format  string              `json:"format,omitempty"`
	Text    string              `json:"text,omitempty"`
	Buttons []TemplateButtonDef `json:"buttons,omitempty"`
	Example *TemplateExample    `json:"example,omitempty"`
}

// TemplateExample holds the samples Meta reviews a template with.
type TemplateExample struct {
	HeaderHandle []string   `json:"header_handle,omitempty"`
	HeaderText   []string   `json:"header_text,omitempty"`
	BodyText     [][]string `json:"body_text,omitempty"`
	// BodyTextNamedParams samples a NAMED template's body variables.
	BodyTextNamedParams []NamedParamExample `json:"body_text_named_params,omitempty"`
}

// NamedParamExample is one sample value of a named variable.
type NamedParamExample struct {
	ParamName string `json:"param_name"`
	Example   string `json:"example"`
}

// TemplateButtonDef is one button a template defines.
type TemplateButtonDef struct {
	Type        string   `json:"type"`
	Text        string   `json:"text"`
	URL         string   `json:"url,omitempty"`
	PhoneNumber string   `json:"phone_number,omitempty"`
	Example     []string `json:"example,omitempty"`
}

// Component returns the template's component of type typ (HEADER, BODY, ...).
func (t MessageTemplate) Component(typ string) (TemplateComponent, bool) {
	for _, c := range t.Components {
		if strings.EqualFold(c.Type, typ) {
			return c, true
		}
	}
	return TemplateComponent{}, false
}

// errNeedsTemplateSettings is returned when the client lacks the account IDs.
func (c *Client) templateCheck(needApp bool) error {
	switch {
	case c.cfg.Flavor != Cloud:
		return errors.New("message templates are managed through the Cloud API only")
	case c.cfg.BusinessAccountID == "":
		return errors.New("managing message templates needs the WhatsApp Business Account ID")
	case needApp && c.cfg.AppID == "":
		return errors.New("uploading a template header example needs the app ID")
	}
	return nil
}

// CreatedTemplate is Graph's answer to a create.
type CreatedTemplate struct {
	ID       string `json:"id"`
	Status   string `json:"status"`
	Category string `json:"category"`
}

// CreateTemplate submits a template for review. A create is not retried once
// it may have reached the API; an unknown outcome is an OutcomeUnknownError.
func (c *Client) CreateTemplate(ctx context.Context, t MessageTemplate) (*CreatedTemplate, error) {
	if err := c.templateCheck(false); err != nil {
		return nil, err
	}
	body, err := json.Marshal(MessageTemplate{Name: t.Name, Language: t.Language, Category: t.Category,
		ParameterFormat: t.ParameterFormat, Components: t.Components})
	if err != nil {
		return nil, err
	}
	resp, err := c.do(ctx, &call{method: http.MethodPost, url: c.cloudURL(c.cfg.BusinessAccountID, "message_templates"),
		contentType: "application/json", body: body})
	if err != nil {
		return nil, fmt.Errorf("create template %s (%s): %w", t.Name, t.Language, err)
	}
	defer resp.Body.Close()
	var created CreatedTemplate
	if err := decodeJSON(resp, &created); err != nil || created.ID == "" {
		return nil, &OutcomeUnknownError{Err: fmt.Errorf("create template %s: HTTP %d reply holds no template ID (%v)", t.Name, resp.StatusCode, err)}
	}
	return &created, nil
}

// templateFields are the fields a read asks for.
const templateFields = "id,name,language,category,status,rejected_reason,parameter_format,components"

// GetTemplate reads one template by ID; IsNotFound is true when it is gone.
func (c *Client) GetTemplate(ctx context.Context, id string) (*MessageTemplate, error) {
	if err := c.templateCheck(false); err != nil {
		return nil, err
	}
	resp, err := c.do(ctx, &call{method: http.MethodGet, url: c.cloudURL(id) + "?fields=" + templateFields, idempotent: true})
	if err != nil {
		return nil, fmt.Errorf("read template %s: %w", id, err)
	}
	defer resp.Body.Close()
	var t MessageTemplate
	if err := decodeJSON(resp, &t); err != nil {
		return nil, fmt.Errorf("read template %s: %w", id, err)
	}
	return &t, nil
}

// FindTemplate reads the template with this name and language; the error
// wraps ErrNotFound when there is none.
func (c *Client) FindTemplate(ctx context.Context, name, language string) (*MessageTemplate, error) {
	all, err := c.TemplatesNamed(ctx, name)
	if err != nil {
		return nil, fmt.Errorf("find template %s (%s): %w", name, language, err)
	}
	for _, t := range all.Templates {
		if t.Language == language {
			return &t, nil
		}
	}
	return nil, fmt.Errorf("template %s in %s: %w", name, language, ErrNotFound)
}

// NamedTemplates is the business account's templates with a name: one entry
// per language.
type NamedTemplates struct {
	Templates []MessageTemplate
	// More is true when the list went on past namedTemplatePages pages, so a
	// language missing from Templates may still exist.
	More bool
}

// namedTemplatePages bounds the pages TemplatesNamed reads. The name filter
// also matches names that contain it (welcome matches welcome_back), so an
// account with many similar names and languages can fill a page with others;
// ten pages of 100 is far beyond any real account's languages of one name.
const namedTemplatePages = 10

// TemplatesNamed reads the languages of the template with this name (the
// business account's list filtered by name, every page up to
// namedTemplatePages); none is an empty list, not an error.
func (c *Client) TemplatesNamed(ctx context.Context, name string) (NamedTemplates, error) {
	if err := c.templateCheck(false); err != nil {
		return NamedTemplates{}, err
	}
	var out NamedTemplates
	more, err := c.templatePages(ctx, url.Values{"name": {name}}, namedTemplatePages, func(page []MessageTemplate) {
		for _, t := range page {
			if t.Name == name { // the filter may match names that contain it, too
				out.Templates = append(out.Templates, t)
			}
		}
	})
	if err != nil {
		return NamedTemplates{}, fmt.Errorf("list templates named %s: %w", name, err)
	}
	out.More = more
	return out, nil
}

// EditTemplate replaces a template's components, and its category when
// category is not empty (only for a template that is not approved).
func (c *Client) EditTemplate(ctx context.Context, id, category, parameterFormat string, components []TemplateComponent) error {
	if err := c.templateCheck(false); err != nil {
		return err
	}
	edit := map[string]any{"components": components}
	if category != "" {
		edit["category"] = category
	}
	if parameterFormat != "" {
		edit["parameter_format"] = parameterFormat
	}
	body, err := json.Marshal(edit)
	if err != nil {
		return err
	}
	resp, err := c.do(ctx, &call{method: http.MethodPost, url: c.cloudURL(id), contentType: "application/json", body: body})
	if err != nil {
		return fmt.Errorf("edit template %s: %w", id, err)
	}
	return resp.Body.Close()
}

// DeleteTemplate deletes the template with this name and ID (only that
// language); already gone is not an error.
func (c *Client) DeleteTemplate(ctx context.Context, name, id string) error {
	if err := c.templateCheck(false); err != nil {
		return err
	}
	q := url.Values{"name": {name}, "hsm_id": {id}}
	resp, err := c.do(ctx, &call{method: http.MethodDelete, url: c.cloudURL(c.cfg.BusinessAccountID, "message_templates") + "?" + q.Encode(), idempotent: true})
	if err != nil {
		var ae *APIError
		if IsNotFound(err) || errors.As(err, &ae) && ae.Code == 100 && ae.Subcode == 2593002 {
			return nil
		}
		return fmt.Errorf("delete template %s (%s): %w", name, id, err)
	}
	return resp.Body.Close()
}

// UploadHeaderExample streams a file through the Resumable Upload API and
// returns the handle a media HEADER's example takes.
func (c *Client) UploadHeaderExample(ctx context.Context, u Upload) (string, error) {
	if err := c.templateCheck(true); err != nil {
		return "", err
	}
	return c.resumableUpload(ctx, u, "header example")
}

// resumableUpload streams a file through the app's Resumable Upload API
// (POST /{app-id}/uploads, then POST upload:<session> with the bytes) and
// returns its handle; what names the file in errors.
func (c *Client) resumableUpload(ctx context.Context, u Upload, what string) (string, error) {
	if u.Size <= 0 {
		return "", fmt.Errorf("upload %s: the file's size must be known", what)
	}
	q := url.Values{"file_name": {u.Filename}, "file_length": {strconv.FormatInt(u.Size, 10)}, "file_type": {u.ContentType}}
	resp, err := c.do(ctx, &call{method: http.MethodPost, url: c.cloudURL(c.cfg.AppID, "uploads") + "?" + q.Encode(), oauth: true})
	if err != nil {
		return "", fmt.Errorf("start the %s upload: %w", what, err)
	}
	var session struct {
		ID string `json:"id"`
	}
	err = decodeJSON(resp, &session)
	_ = resp.Body.Close()
	if err != nil || !strings.HasPrefix(session.ID, "upload:") {
		return "", fmt.Errorf("start the %s upload: HTTP %d reply holds no upload session (%v)", what, resp.StatusCode, err)
	}
	resp, err = c.do(ctx, &call{method: http.MethodPost, url: c.cloudURL(session.ID), contentType: u.ContentType, oauth: true,
		header: map[string]string{"file_offset": "0"}, upload: newUploadBody(u, nil, nil)})
	if err != nil {
		return "", fmt.Errorf("upload the %s: %w", what, err)
	}
	defer resp.Body.Close()
	var done struct {
		H string `json:"h"`
	}
	if err := decodeJSON(resp, &done); err != nil || done.H == "" {
		return "", fmt.Errorf("upload the %s: HTTP %d reply holds no handle (%v)", what, resp.StatusCode, err)
	}
	return done.H, nil
}
