package sandbox

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The Cloud API's template management (internal/whatsapp/API.md, "Templates
// as code") and the Resumable Upload API that gives media headers their
// example handle. Templates are reviewed as templates.go says.

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

type templateRequest struct {
	Name       string              `json:"name"`
	Language   string              `json:"language"`
	Category   string              `json:"category"`
	Components []TemplateComponent `json:"components"`
}

// checkComponents applies Meta's rules for a template's components: one BODY,
// at most one HEADER, FOOTER and BUTTONS; a media HEADER with an example
// handle this sandbox issued; examples for every body variable.
func (s *Server) checkComponents(comps []TemplateComponent) *cloudError {
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
			if n := placeholders(c.Text); n > 0 {
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
	if e := s.checkComponents(req.Components); e != nil {
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
		Status: TemplatePending, Components: req.Components}, now)
	s.templates.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]string{"id": t.ID, "status": t.Status, "category": t.Category})
}

// cloudTemplateJSON is a template as Graph answers it.
func cloudTemplateJSON(t MessageTemplate) map[string]any {
	out := map[string]any{"id": t.ID, "name": t.Name, "language": t.Language, "category": t.Category,
		"status": t.Status, "components": t.Components}
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

// cloudDeleteTemplate serves DELETE /{version}/{waba}/message_templates?name=&hsm_id=.
func (s *Server) cloudDeleteTemplate(w http.ResponseWriter, r *http.Request) {
	if !s.cloudWABA(w, r) {
		return
	}
	name, id := r.URL.Query().Get("name"), r.URL.Query().Get("hsm_id")
	if name == "" {
		writeCloudError(w, cloudError{Status: http.StatusBadRequest, Code: 100, Message: "(#100) The parameter name is required"})
		return
	}
	if !s.templates.remove(name, id, s.st.now()) {
		writeCloudError(w, cloudError{Status: http.StatusBadRequest, Code: 100, Subcode: 2593002,
			Message: "(#100) Message template not found", Details: "no template named " + name + idSuffix(id)})
		return
	}
	writeJSON(w, http.StatusOK, map[string]bool{"success": true})
}

func idSuffix(id string) string {
	if id == "" {
		return ""
	}
	return " with ID " + id
}

// cloudEditTemplate serves POST /{version}/{template-id}: new components
// (and category) for an APPROVED, REJECTED or PAUSED template, which goes
// back to review. Approved templates keep their category and may be edited
// once a day and ten times in 30 days.
func (s *Server) cloudEditTemplate(w http.ResponseWriter, r *http.Request, id string) {
	var req struct {
		Category   string              `json:"category"`
		Components []TemplateComponent `json:"components"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, maxJSONBody)).Decode(&req); err != nil {
		writeCloudError(w, templateParamError("the body must be JSON: {components, category}"))
		return
	}
	if req.Components != nil {
		if e := s.checkComponents(req.Components); e != nil {
			writeCloudError(w, *e)
			return
		}
	}
	if req.Category != "" && !templateCategories[req.Category] {
		writeCloudError(w, templateParamError("category must be MARKETING, UTILITY or AUTHENTICATION"))
		return
	}
	now := s.st.now()
	ts := &s.templates
	ts.mu.Lock()
	defer ts.mu.Unlock()
	t := ts.byID[id]
	ts.settleLocked(t, now)
	switch {
	case t.Status != TemplateApproved && t.Status != TemplateRejected && t.Status != TemplatePaused:
		writeCloudError(w, cloudError{Status: http.StatusBadRequest, Code: 100, Subcode: 2388025,
			Message: "(#100) Message template can't be edited",
			Details: "template " + t.Name + " is " + t.Status + "; only APPROVED, REJECTED or PAUSED templates can be edited"})
		return
	case t.Status == TemplateApproved && req.Category != "" && req.Category != t.Category:
		writeCloudError(w, cloudError{Status: http.StatusBadRequest, Code: 100, Subcode: 2388026,
			Message: "(#100) Message template category can't be edited",
			Details: "template " + t.Name + " is APPROVED as " + t.Category + "; an approved template's category cannot change"})
		return
	}
	if t.Status == TemplateApproved {
		day, month := 0, 0
		for _, e := range t.edits {
			if now.Sub(e) < 24*time.Hour {
				day++
			}
			if now.Sub(e) < 30*24*time.Hour {
				month++
			}
		}
		if day >= editsPerDay || month >= editsPer30Days {
			writeCloudError(w, cloudError{Status: http.StatusBadRequest, Code: 100, Subcode: 2388027,
				Message: "(#100) Message template edit limit reached",
				Details: "an approved template can be edited once in 24 hours and 10 times in 30 days; template " + t.Name +
					" was edited " + strconv.Itoa(day) + " time(s) in the last 24 hours and " + strconv.Itoa(month) + " in 30 days"})
			return
		}
		t.edits = append(t.edits, now)
	}
	if req.Components != nil {
		t.Components = req.Components
	}
	if req.Category != "" {
		t.Category = req.Category
	}
	t.Status, t.RejectedReason, t.submitted = TemplatePending, "", now
	writeJSON(w, http.StatusOK, map[string]bool{"success": true})
}

// --- the Resumable Upload API ---

type uploadSession struct {
	name, fileType string
	length, offset int64
	hash           string
	data           []byte
}

var uploadFileTypes = map[string]bool{"application/pdf": true, "image/jpeg": true, "image/jpg": true, "image/png": true, "video/mp4": true}

// cloudStartUpload serves POST /{version}/{app}/uploads?file_name&file_length&file_type.
func (s *Server) cloudStartUpload(w http.ResponseWriter, r *http.Request) {
	app := r.PathValue("app")
	if !specPhoneNumberIDRE.MatchString(app) || app != s.opts.AppID {
		writeCloudError(w, cloudNoObject(r.Method, app))
		return
	}
	q := r.URL.Query()
	length, err := strconv.ParseInt(q.Get("file_length"), 10, 64)
	switch {
	case q.Get("file_name") == "":
		writeCloudError(w, templateParamError("file_name is required"))
		return
	case err != nil || length <= 0 || length > 100*mib:
		writeCloudError(w, templateParamError("file_length must be the file's size in bytes, at most 100 MB"))
		return
	case !uploadFileTypes[q.Get("file_type")]:
		writeCloudError(w, templateParamError("file_type "+quoteOrMissing(q.Get("file_type"))+" must be application/pdf, image/jpeg, image/jpg, image/png or video/mp4"))
		return
	}
	id := "upload:" + base64.RawURLEncoding.EncodeToString(randomBytes(12))
	s.templates.mu.Lock()
	if s.templates.uploads == nil {
		s.templates.uploads = map[string]*uploadSession{}
	}
	s.templates.uploads[id] = &uploadSession{name: q.Get("file_name"), fileType: q.Get("file_type"), length: length}
	s.templates.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]string{"id": id})
}

// cloudUploadBytes serves POST /{version}/upload:<id> with file_offset and
// the bytes from there; once all arrived it answers with the handle.
func (s *Server) cloudUploadBytes(w http.ResponseWriter, r *http.Request, id string) {
	offset, err := strconv.ParseInt(r.Header.Get("file_offset"), 10, 64)
	if err != nil {
		writeCloudError(w, templateParamError("the file_offset header is required: 0, or the offset GET "+id+" answers"))
		return
	}
	ts := &s.templates
	ts.mu.Lock()
	sess := ts.uploads[id]
	ts.mu.Unlock()
	if offset != sess.offset {
		writeCloudError(w, templateParamError("file_offset is "+strconv.FormatInt(offset, 10)+"; resume from "+strconv.FormatInt(sess.offset, 10)))
		return
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, sess.length-offset+1))
	if err != nil || int64(len(data)) != sess.length-offset {
		writeCloudError(w, templateParamError("the body must hold the rest of the file: "+strconv.FormatInt(sess.length-offset, 10)+" bytes"))
		return
	}
	ts.mu.Lock()
	defer ts.mu.Unlock()
	sess.data = append(sess.data, data...)
	sess.offset = sess.length
	sum := sha256.Sum256(sess.data)
	sess.hash = hex.EncodeToString(sum[:])
	handle := "4::" + base64.RawStdEncoding.EncodeToString([]byte(sess.fileType)) + ":" + base64.RawURLEncoding.EncodeToString(randomBytes(18))
	if ts.handles == nil {
		ts.handles = map[string]*uploadSession{}
	}
	ts.handles[handle] = sess
	writeJSON(w, http.StatusOK, map[string]string{"h": handle})
}

// cloudUploadStatus serves GET /{version}/upload:<id>: where to resume.
func (s *Server) cloudUploadStatus(w http.ResponseWriter, id string) {
	s.templates.mu.Lock()
	sess := s.templates.uploads[id]
	s.templates.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"id": id, "file_offset": sess.offset})
}

func (ts *templates) hasUpload(id string) bool {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	_, ok := ts.uploads[id]
	return ok
}

func (ts *templates) hasHandle(h string) bool {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	_, ok := ts.handles[h]
	return ok
}

// HeaderExample is what the sandbox received under a header handle.
func (s *Server) HeaderExample(handle string) (fileType string, sha string, ok bool) {
	s.templates.mu.Lock()
	defer s.templates.mu.Unlock()
	sess, ok := s.templates.handles[handle]
	if !ok {
		return "", "", false
	}
	return sess.fileType, sess.hash, true
}

// remove deletes the templates named name (only the one with ID id when set)
// and holds the name of a deleted approved template for 30 days.
func (ts *templates) remove(name, id string, now time.Time) bool {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	found := false
	kept := ts.order[:0]
	for _, tid := range ts.order {
		t := ts.byID[tid]
		if t.Name == name && (id == "" || id == tid) {
			ts.settleLocked(t, now)
			if t.Status == TemplateApproved {
				if ts.held == nil {
					ts.held = map[string]time.Time{}
				}
				ts.held[name] = now.Add(deletedNameHold)
			}
			delete(ts.byID, tid)
			found = true
			continue
		}
		kept = append(kept, tid)
	}
	ts.order = kept
	return found
}

func (ts *templates) heldName(name string, now time.Time) (time.Time, bool) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	until, ok := ts.held[name]
	return until, ok && now.Before(until)
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

// DeleteTemplate deletes a template out of band, as if someone did it in the
// WhatsApp Manager.
func (s *Server) DeleteTemplate(id string) bool {
	t, ok := s.templates.get(id, s.st.now())
	return ok && s.templates.remove(t.Name, id, s.st.now())
}

// EditTemplate changes a template's components out of band.
func (s *Server) EditTemplate(id string, comps []TemplateComponent) bool {
	s.templates.mu.Lock()
	defer s.templates.mu.Unlock()
	t, ok := s.templates.byID[id]
	if ok {
		t.Components = comps
	}
	return ok
}
