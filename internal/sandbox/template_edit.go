package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"time"
)

// Editing and deleting templates, within the limits Meta sets on an approved
// template, and the same done out of band, as in the WhatsApp Manager.

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
		Category        string              `json:"category"`
		ParameterFormat string              `json:"parameter_format"`
		Components      []TemplateComponent `json:"components"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, maxJSONBody)).Decode(&req); err != nil {
		writeCloudError(w, templateParamError("the body must be JSON: {components, category}"))
		return
	}
	if e := checkParameterFormat(req.ParameterFormat); e != nil {
		writeCloudError(w, *e)
		return
	}
	if req.Components != nil {
		format := req.ParameterFormat
		if format == "" {
			format = s.templateFormat(id)
		}
		if e := s.checkComponents(req.Components, format); e != nil {
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
	if req.ParameterFormat != "" {
		t.ParameterFormat = req.ParameterFormat
	}
	t.Status, t.RejectedReason, t.submitted = TemplatePending, "", now
	writeJSON(w, http.StatusOK, map[string]bool{"success": true})
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

// templateFormat is the parameter format of the template with this ID.
func (s *Server) templateFormat(id string) string {
	t, _ := s.templates.get(id, s.st.now())
	return t.ParameterFormat
}
