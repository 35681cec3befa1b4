package sandbox

import (
	"net/http"
	"regexp"
	"strings"
	"time"
)

// The Cloud API's template management (internal/whatsapp/API.md, "Templates
// as code"): the business account's routes and what they share. Creating a
// template is template_create.go, editing and deleting template_edit.go, and
// the Resumable Upload API that gives media headers their example handle
// template_upload.go. Templates are reviewed as templates.go says.

// Sandbox defaults for the business account and the app.
const (
	DefaultBusinessAccountID = "102290129340398"
	DefaultAppID             = "1200300400500600"
)

// Edit limits of an approved template (API.md, "Templates as code").
const (
	editsPerDay     = 1
	editsPer30Days  = 10
	deletedNameHold = 30 * 24 * time.Hour
)

var (
	specTemplateNameRE = regexp.MustCompile(`^[a-z0-9_]{1,512}$`)
	specLanguageRE     = regexp.MustCompile(`^[a-z]{2,3}(_[A-Z]{2})?$`)
	templateCategories = map[string]bool{"MARKETING": true, "UTILITY": true, "AUTHENTICATION": true}
	headerFormats      = map[string]bool{"TEXT": true, "IMAGE": true, "VIDEO": true, "DOCUMENT": true}
	buttonTypes        = map[string]bool{"QUICK_REPLY": true, "URL": true, "PHONE_NUMBER": true}
)

func templateParamError(details string) cloudError {
	return cloudError{Status: http.StatusBadRequest, Code: 100, Message: "(#100) Invalid parameter", Details: details}
}

// cloudWABA checks the business account ID in the path.
func (s *Server) cloudWABA(w http.ResponseWriter, r *http.Request) bool {
	id := r.PathValue("waba")
	if !specPhoneNumberIDRE.MatchString(id) || id != s.opts.BusinessAccountID {
		writeCloudError(w, cloudNoObject(r.Method, id))
		return false
	}
	return true
}

// cloudTemplateJSON is a template as Graph answers it.
func cloudTemplateJSON(t MessageTemplate) map[string]any {
	out := map[string]any{"id": t.ID, "name": t.Name, "language": t.Language, "category": t.Category,
		"status": t.Status, "parameter_format": t.ParameterFormat, "components": t.Components}
	if t.RejectedReason != "" {
		out["rejected_reason"] = t.RejectedReason
	} else {
		out["rejected_reason"] = "NONE"
	}
	return out
}

// cloudListTemplates serves GET /{version}/{waba}/message_templates?name=.
func (s *Server) cloudListTemplates(w http.ResponseWriter, r *http.Request) {
	if !s.cloudWABA(w, r) {
		return
	}
	name := r.URL.Query().Get("name")
	data := []map[string]any{}
	for _, t := range s.Templates() {
		if name == "" || t.Name == name {
			data = append(data, cloudTemplateJSON(t))
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": data, "paging": map[string]any{"cursors": map[string]string{}}})
}

func (ts *templates) get(id string, now time.Time) (MessageTemplate, bool) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	t, ok := ts.byID[id]
	if !ok {
		return MessageTemplate{}, false
	}
	ts.settleLocked(t, now)
	return *t, true
}

// cloudPostAny serves POST /{version}/{id}: a template edit, the bytes of a
// resumable upload, or anything else POST /{version}/{id} serves (webhooks.go).
func (s *Server) cloudPostAny(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	switch {
	case strings.HasPrefix(id, "upload:") && s.templates.hasUpload(id):
		s.cloudUploadBytes(w, r, id)
	case s.templateExists(id):
		s.cloudEditTemplate(w, r, id)
	default:
		s.cloudPostObject(w, r)
	}
}

func (s *Server) templateExists(id string) bool {
	_, ok := s.templates.get(id, s.st.now())
	return ok
}
