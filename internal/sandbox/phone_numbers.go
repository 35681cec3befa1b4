package sandbox

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
)

// PhoneNumber is what the sandbox's Cloud API tells about its business phone
// number (GET /{version}/{phone-number-id}). An empty Throughput or
// MessagingLimitTier is left out of replies, as Graph does for an account
// that has no such value.
type PhoneNumber struct {
	DisplayPhoneNumber     string
	VerifiedName           string
	QualityRating          string // GREEN, YELLOW, RED or NA
	CodeVerificationStatus string
	NameStatus             string
	Throughput             string // the level, served as {"level": ...}
	MessagingLimitTier     string
}

// DefaultPhoneNumber is what a fresh sandbox (and one after Reset) says.
var DefaultPhoneNumber = PhoneNumber{
	DisplayPhoneNumber:     "+1 631-555-0100",
	VerifiedName:           "Sandbox Business",
	QualityRating:          "GREEN",
	CodeVerificationStatus: "VERIFIED",
	NameStatus:             "APPROVED",
	Throughput:             "STANDARD",
	MessagingLimitTier:     "TIER_1K",
}

// phoneDefaultFields are what Graph returns when the request names no fields.
var phoneDefaultFields = []string{
	"id", "display_phone_number", "verified_name", "quality_rating", "code_verification_status", "name_status",
}

// phoneState holds the phone number apart from the store: it is settings,
// not traffic, and changing it must not wait on uploads.
type phoneState struct {
	mu  sync.Mutex
	set bool
	p   PhoneNumber
}

func (ps *phoneState) get() PhoneNumber {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if !ps.set {
		return DefaultPhoneNumber
	}
	return ps.p
}

func (ps *phoneState) put(p PhoneNumber) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	ps.p, ps.set = p, true
}

// update changes the phone number in one step, so concurrent control calls
// that each set one field do not undo each other.
func (ps *phoneState) update(change func(PhoneNumber) PhoneNumber) PhoneNumber {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	cur := DefaultPhoneNumber
	if ps.set {
		cur = ps.p
	}
	ps.p, ps.set = change(cur), true
	return ps.p
}

func (ps *phoneState) reset() {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	ps.p, ps.set = PhoneNumber{}, false
}

// PhoneNumber returns what the Cloud API currently says about the phone number.
func (s *Server) PhoneNumber() PhoneNumber { return s.phone.get() }

// SetPhoneNumber replaces what the Cloud API says about the phone number, so
// tests can vary quality_rating and the rest. Reset restores DefaultPhoneNumber.
func (s *Server) SetPhoneNumber(p PhoneNumber) { s.phone.put(p) }

// phoneFieldValues maps each Graph field name to its value in a reply; an
// empty string means the field is left out.
func (s *Server) phoneFieldValues() map[string]any {
	p := s.phone.get()
	v := map[string]any{
		"id":                       s.opts.PhoneNumberID,
		"display_phone_number":     p.DisplayPhoneNumber,
		"verified_name":            p.VerifiedName,
		"quality_rating":           p.QualityRating,
		"code_verification_status": p.CodeVerificationStatus,
		"name_status":              p.NameStatus,
		"messaging_limit_tier":     p.MessagingLimitTier,
		"throughput":               "",
		"webhook_configuration":    s.webhookConfigurationField(), // webhooks.go
	}
	if p.Throughput != "" {
		v["throughput"] = map[string]string{"level": p.Throughput}
	}
	return v
}

// cloudGetObject serves GET /{version}/{id}: Graph answers the phone number's
// own ID with the number's fields and any other ID as media.
func (s *Server) cloudGetObject(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	switch {
	case id == s.opts.PhoneNumberID:
		s.cloudGetPhoneNumber(w, r)
	case strings.HasPrefix(id, "upload:") && s.templates.hasUpload(id):
		s.cloudUploadStatus(w, id) // template_api.go
	case s.templateExists(id):
		t, _ := s.templates.get(id, s.st.now())
		writeJSON(w, http.StatusOK, cloudTemplateJSON(t))
	default:
		s.cloudGetMedia(w, r)
	}
}

// cloudGetPhoneNumber answers with the fields asked for in ?fields=a,b (id is
// always included), or the default set without it. A field Graph does not
// know is an error, as on Graph.
func (s *Server) cloudGetPhoneNumber(w http.ResponseWriter, r *http.Request) {
	fields := phoneDefaultFields
	if raw := r.URL.Query().Get("fields"); raw != "" {
		fields = []string{"id"}
		for _, f := range strings.Split(raw, ",") {
			if f = strings.TrimSpace(f); f != "" {
				fields = append(fields, f)
			}
		}
	}
	values := s.phoneFieldValues()
	out := map[string]any{}
	for _, f := range fields {
		if f == "conversational_automation" { // automation.go
			out[f] = s.automationField()
			continue
		}
		v, ok := values[f]
		if !ok {
			writeCloudError(w, cloudError{Status: http.StatusBadRequest, Code: 100,
				Message: "(#100) Tried accessing nonexisting field (" + f + ") on node type (WhatsAppBusinessPhoneNumber)",
				Details: "ask only for fields a phone number has, e.g. fields=display_phone_number,quality_rating"})
			return
		}
		if v != "" {
			out[f] = v
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// phoneNumberJSON is the control API's view of PhoneNumber. On POST, fields
// left out keep their value; an empty string removes throughput or
// messaging_limit_tier from replies.
type phoneNumberJSON struct {
	DisplayPhoneNumber     *string `json:"display_phone_number,omitempty"`
	VerifiedName           *string `json:"verified_name,omitempty"`
	QualityRating          *string `json:"quality_rating,omitempty"`
	CodeVerificationStatus *string `json:"code_verification_status,omitempty"`
	NameStatus             *string `json:"name_status,omitempty"`
	Throughput             *string `json:"throughput,omitempty"`
	MessagingLimitTier     *string `json:"messaging_limit_tier,omitempty"`
}

func phoneToJSON(p PhoneNumber) phoneNumberJSON {
	return phoneNumberJSON{&p.DisplayPhoneNumber, &p.VerifiedName, &p.QualityRating,
		&p.CodeVerificationStatus, &p.NameStatus, &p.Throughput, &p.MessagingLimitTier}
}

func (pj phoneNumberJSON) applyTo(p PhoneNumber) PhoneNumber {
	for _, f := range []struct {
		from *string
		to   *string
	}{
		{pj.DisplayPhoneNumber, &p.DisplayPhoneNumber}, {pj.VerifiedName, &p.VerifiedName},
		{pj.QualityRating, &p.QualityRating}, {pj.CodeVerificationStatus, &p.CodeVerificationStatus},
		{pj.NameStatus, &p.NameStatus}, {pj.Throughput, &p.Throughput}, {pj.MessagingLimitTier, &p.MessagingLimitTier},
	} {
		if f.from != nil {
			*f.to = *f.from
		}
	}
	return p
}

// controlGetPhoneNumber serves GET /_sandbox/phone-number.
func (s *Server) controlGetPhoneNumber(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, phoneToJSON(s.PhoneNumber()))
}

// controlSetPhoneNumber serves POST /_sandbox/phone-number, e.g.
// {"quality_rating":"RED"}, and answers with the phone number as it now is.
func (s *Server) controlSetPhoneNumber(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxJSONBody))
	if err != nil {
		controlError(w, http.StatusBadRequest, "could not read the body: "+err.Error())
		return
	}
	var pj phoneNumberJSON
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&pj); err != nil {
		controlError(w, http.StatusBadRequest, `the body must be an object like {"quality_rating":"RED","messaging_limit_tier":"TIER_10K"}: `+err.Error())
		return
	}
	writeJSON(w, http.StatusOK, phoneToJSON(s.phone.update(pj.applyTo)))
}
