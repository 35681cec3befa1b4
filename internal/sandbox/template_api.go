package sandbox

import (
	"encoding/base64"
	"net/http"
	"regexp"
	"strconv"
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

// cloudListTemplates serves GET /{version}/{waba}/message_templates?name=,
// paged as Graph pages an edge: limit entries (default 25), and, while more
// follow, paging.next and paging.cursors.after, which after= takes.
func (s *Server) cloudListTemplates(w http.ResponseWriter, r *http.Request) {
	if !s.cloudWABA(w, r) {
		return
	}
	q := r.URL.Query()
	name := q.Get("name")
	limit := templatePageSize
	if l, err := strconv.Atoi(q.Get("limit")); err == nil && l > 0 {
		limit = l
	}
	var matching []MessageTemplate
	for _, t := range s.Templates() {
		if name == "" || t.Name == name {
			matching = append(matching, t)
		}
	}
	start := 0
	if after := q.Get("after"); after != "" {
		start = len(matching) // an unknown cursor: nothing after it
		for i, t := range matching {
			if templateCursor(t) == after {
				start = i + 1
			}
		}
	}
	end := min(start+limit, len(matching))
	data := []map[string]any{}
	for _, t := range matching[start:end] {
		data = append(data, cloudTemplateJSON(t))
	}
	paging := map[string]any{"cursors": map[string]string{}}
	if len(data) > 0 {
		paging["cursors"] = map[string]string{"before": templateCursor(matching[start]), "after": templateCursor(matching[end-1])}
	}
	if end < len(matching) {
		next := *r.URL
		nq := next.Query()
		nq.Set("after", templateCursor(matching[end-1]))
		nq.Set("limit", strconv.Itoa(limit))
		next.RawQuery = nq.Encode()
		paging["next"] = s.url + next.RequestURI()
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": data, "paging": paging})
}

// templatePageSize is how many templates one page lists without limit=.
const templatePageSize = 25

// templateCursor is a template's opaque position in the list.
func templateCursor(t MessageTemplate) string {
	return base64.RawURLEncoding.EncodeToString([]byte("template:" + t.ID))
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
