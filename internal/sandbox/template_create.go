package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Creating a template (POST /{waba-id}/message_templates): the request, its
// components checked as Meta checks them, and the new template pending review.

type templateRequest struct {
	Name     string `json:"name"`
	Language string `json:"language"`
	Category string `json:"category"`
	// ParameterFormat is POSITIONAL (the default) or NAMED (Meta's template
	// management pages; the v23.0 OpenAPI description does not have it).
	ParameterFormat string              `json:"parameter_format"`
	Components      []TemplateComponent `json:"components"`
}

// checkParameterFormat accepts "", POSITIONAL and NAMED.
func checkParameterFormat(format string) *cloudError {
	if format == "" || format == ParameterFormatPositional || format == ParameterFormatNamed {
		return nil
	}
	e := templateParamError("parameter_format " + strconv.Quote(format) + " must be POSITIONAL or NAMED")
	return &e
}

// checkComponents applies Meta's rules for a template's components: one BODY,
// at most one HEADER, FOOTER and BUTTONS; a media HEADER with an example
// handle this sandbox issued; examples for every body variable, numbered
// ({{1}}) or, with parameter format NAMED, by name ({{first_name}}).
func (s *Server) checkComponents(comps []TemplateComponent, format string) *cloudError {
	seen := map[string]bool{}
	for _, c := range comps {
		typ := strings.ToUpper(c.Type)
		if seen[typ] {
			e := templateParamError("components has two " + typ + " components; each kind appears at most once")
			return &e
		}
		seen[typ] = true
		switch typ {
		case "HEADER":
			f := strings.ToUpper(c.Format)
			if !headerFormats[f] {
				e := templateParamError("HEADER format " + strconv.Quote(c.Format) + " must be TEXT, IMAGE, VIDEO or DOCUMENT")
				return &e
			}
			if f != "TEXT" {
				var ex struct {
					HeaderHandle []string `json:"header_handle"`
				}
				_ = json.Unmarshal(c.Example, &ex)
				if len(ex.HeaderHandle) != 1 || !s.templates.hasHandle(ex.HeaderHandle[0]) {
					e := templateParamError("a " + f + " HEADER needs example.header_handle: one handle from the Resumable Upload API (POST /{app-id}/uploads)")
					return &e
				}
			}
		case "BODY":
			if strings.TrimSpace(c.Text) == "" {
				e := templateParamError("BODY text is required")
				return &e
			}
			if format == ParameterFormatNamed {
				if e := checkNamedBody(c); e != nil {
					return e
				}
			} else if names := placeholderNames(c.Text); len(names) > 0 {
				e := templateParamError("BODY has the named variable {{" + names[0] + "}}, which needs parameter_format NAMED")
				return &e
			} else if n := placeholders(c.Text); n > 0 {
				var ex struct {
					BodyText [][]string `json:"body_text"`
				}
				_ = json.Unmarshal(c.Example, &ex)
				if len(ex.BodyText) != 1 || len(ex.BodyText[0]) != n {
					e := templateParamError("BODY has " + strconv.Itoa(n) + " variables and needs example.body_text with one row of " + strconv.Itoa(n) + " sample values")
					return &e
				}
			}
		case "FOOTER":
			if c.Text == "" {
				e := templateParamError("FOOTER text is required")
				return &e
			}
		case "BUTTONS":
			for _, b := range c.Buttons {
				if !buttonTypes[b.Type] || b.Text == "" {
					e := templateParamError("a button needs a type (QUICK_REPLY, URL or PHONE_NUMBER) and a text")
					return &e
				}
			}
		default:
			e := templateParamError("component type " + strconv.Quote(c.Type) + " must be HEADER, BODY, FOOTER or BUTTONS")
			return &e
		}
	}
	if !seen["BODY"] {
		e := templateParamError("components needs a BODY")
		return &e
	}
	return nil
}

// cloudCreateTemplate serves POST /{version}/{waba}/message_templates.
func (s *Server) cloudCreateTemplate(w http.ResponseWriter, r *http.Request) {
	if !s.cloudWABA(w, r) {
		return
	}
	var req templateRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, maxJSONBody)).Decode(&req); err != nil {
		writeCloudError(w, templateParamError("the body must be a JSON template: {name, language, category, components}"))
		return
	}
	switch {
	case !specTemplateNameRE.MatchString(req.Name):
		writeCloudError(w, templateParamError("name "+strconv.Quote(req.Name)+" must be lowercase letters, digits and underscores"))
		return
	case !specLanguageRE.MatchString(req.Language):
		writeCloudError(w, templateParamError("language "+strconv.Quote(req.Language)+" is not a language code such as en_US"))
		return
	case !templateCategories[req.Category]:
		writeCloudError(w, templateParamError("category must be MARKETING, UTILITY or AUTHENTICATION"))
		return
	}
	if e := checkParameterFormat(req.ParameterFormat); e != nil {
		writeCloudError(w, *e)
		return
	}
	if e := s.checkComponents(req.Components, req.ParameterFormat); e != nil {
		writeCloudError(w, *e)
		return
	}
	now := s.st.now()
	if _, ok := s.templates.find(req.Name, req.Language, now); ok {
		writeCloudError(w, cloudError{Status: http.StatusBadRequest, Code: 100, Subcode: 2388024,
			Message: "(#100) Message template already exists", Details: "Content in this language already exists: template " + req.Name + " (" + req.Language + ")"})
		return
	}
	if until, held := s.templates.heldName(req.Name, now); held {
		writeCloudError(w, cloudError{Status: http.StatusBadRequest, Code: 100, Subcode: 2388023,
			Message: "(#100) Message template name is being deleted",
			Details: "an approved template named " + req.Name + " was deleted; the name can be used again from " + until.UTC().Format(time.RFC3339)})
		return
	}
	s.templates.mu.Lock()
	t := s.templates.addLocked(MessageTemplate{Name: req.Name, Language: req.Language, Category: req.Category,
		Status: TemplatePending, ParameterFormat: req.ParameterFormat, Components: req.Components}, now)
	s.templates.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]string{"id": t.ID, "status": t.Status, "category": t.Category})
}

// checkNamedBody: a NAMED body's variables are names, never numbers, each
// sampled once in example.body_text_named_params.
func checkNamedBody(c TemplateComponent) *cloudError {
	if placeholders(c.Text) > 0 {
		e := templateParamError("BODY has numbered variables ({{1}}) and parameter_format is NAMED: name them, e.g. {{first_name}}")
		return &e
	}
	names := placeholderNames(c.Text)
	if len(names) == 0 {
		return nil
	}
	var ex struct {
		Named []struct {
			ParamName string `json:"param_name"`
			Example   string `json:"example"`
		} `json:"body_text_named_params"`
	}
	_ = json.Unmarshal(c.Example, &ex)
	given := map[string]bool{}
	for _, p := range ex.Named {
		if p.ParamName == "" || p.Example == "" || given[p.ParamName] {
			e := templateParamError("example.body_text_named_params needs one {param_name, example} per variable, each name once")
			return &e
		}
		given[p.ParamName] = true
	}
	for _, n := range names {
		if !given[n] {
			e := templateParamError("BODY variable {{" + n + "}} needs a sample in example.body_text_named_params")
			return &e
		}
	}
	if len(given) != len(names) {
		e := templateParamError("example.body_text_named_params names a variable the BODY does not have")
		return &e
	}
	return nil
}
