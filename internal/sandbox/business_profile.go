package sandbox

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/mail"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// The business profile customers see, served on both flavors
// (internal/whatsapp/API.md, "The business profile"): Cloud GET/POST
// /{version}/{phone-number-id}/whatsapp_business_profile, the photo by a
// Resumable Upload handle; On-Premises /v1/settings/business/profile,
// /v1/settings/profile/about and /v1/settings/profile/photo (the image as the
// body). There is one profile, the number's, whichever flavor writes it.

// Field limits, in characters, from Meta's OpenAPI spec (about, address,
// email, websites, vertical) and Meta's reference pages (description 512,
// where the spec says 256; On-Premises vertical, free text).
const (
	profileAboutMax       = 139
	profileAddressMax     = 256
	profileDescriptionMax = 512
	profileEmailMax       = 128
	profileWebsiteMax     = 256
	profileWebsitesMax    = 2
	profileVerticalMax    = 128 // On-Premises
	profilePhotoMax       = 5 * mib
)

// profileVerticals is the spec's WhatsAppBusinessVertical.
var profileVerticals = []string{"OTHER", "AUTO", "BEAUTY", "APPAREL", "EDU", "ENTERTAIN", "EVENT_PLAN", "FINANCE",
	"GROCERY", "GOVT", "HOTEL", "HEALTH", "NONPROFIT", "PROF_SERVICES", "RETAIL", "TRAVEL", "RESTAURANT", "ALCOHOL",
	"ONLINE_GAMBLING", "PHYSICAL_GAMBLING", "OTC_DRUGS"}

// BusinessProfile is the profile as the sandbox keeps it. PhotoVersion counts
// the photos set, so each one has its own Cloud profile_picture_url.
type BusinessProfile struct {
	About, Address, Description, Email, Vertical string
	Websites                                     []string
	Photo                                        []byte
	PhotoType                                    string
	PhotoVersion                                 int
}

// PhotoSHA256 is the hex SHA-256 of the photo, or "" without one.
func (p BusinessProfile) PhotoSHA256() string {
	if p.Photo == nil {
		return ""
	}
	sum := sha256.Sum256(p.Photo)
	return hex.EncodeToString(sum[:])
}

type profileState struct {
	mu sync.Mutex
	p  BusinessProfile
}

// BusinessProfile returns a copy of the profile.
func (s *Server) BusinessProfile() BusinessProfile {
	s.profile.mu.Lock()
	defer s.profile.mu.Unlock()
	p := s.profile.p
	p.Websites = slices.Clone(p.Websites)
	return p
}

// SetBusinessProfile replaces the profile, as a change in the WhatsApp Manager
// would; a photo different from the current one gets a new Cloud URL.
func (s *Server) SetBusinessProfile(p BusinessProfile) {
	s.profile.mu.Lock()
	defer s.profile.mu.Unlock()
	if !bytes.Equal(p.Photo, s.profile.p.Photo) || (p.Photo == nil) != (s.profile.p.Photo == nil) {
		p.PhotoVersion = s.profile.p.PhotoVersion + 1
	} else {
		p.PhotoVersion = s.profile.p.PhotoVersion
	}
	p.Websites = slices.Clone(p.Websites)
	s.profile.p = p
}

func (ps *profileState) reset() {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	ps.p = BusinessProfile{}
}

func (s *Server) profileRoutes(op, cl, ct *http.ServeMux) {
	op.HandleFunc("GET /v1/settings/business/profile", s.onPremAuth(s.onPremGetBusinessProfile))
	op.HandleFunc("POST /v1/settings/business/profile", s.onPremAuth(s.onPremSetBusinessProfile))
	op.HandleFunc("GET /v1/settings/profile/about", s.onPremAuth(s.onPremGetAbout))
	op.HandleFunc("PATCH /v1/settings/profile/about", s.onPremAuth(s.onPremSetAbout))
	op.HandleFunc("GET /v1/settings/profile/photo", s.onPremAuth(s.onPremGetPhoto))
	op.HandleFunc("POST /v1/settings/profile/photo", s.onPremAuth(s.onPremSetPhoto))
	op.HandleFunc("DELETE /v1/settings/profile/photo", s.onPremAuth(s.onPremDeletePhoto))
	cl.HandleFunc("GET /{version}/{phone}/whatsapp_business_profile", s.cloudAuth(s.cloudGetBusinessProfile))
	cl.HandleFunc("POST /{version}/{phone}/whatsapp_business_profile", s.cloudAuth(s.cloudSetBusinessProfile))
	// Where Cloud's profile_picture_url points, and the inbox's copy.
	ct.HandleFunc("GET /_sandbox/profile-photo/{version}", s.controlProfilePhoto)
}

// profileFields are the checked fields of a write; nil is not sent.
type profileFields struct {
	About, Address, Description, Email, Vertical *string
	Websites                                     *[]string
	Handle                                       *string // Cloud: profile_picture_handle
}

// profileProblem is a refused write: missing tells Required from Invalid.
type profileProblem struct {
	missing bool
	details string
}

func badField(format string, args ...any) *profileProblem {
	return &profileProblem{details: fmt.Sprintf(format, args...)}
}

// parseProfile decodes and checks a write's body against the spec's schema
// (WhatsAppBusinessProfileUpdateRequest) or the On-Premises reference.
func parseProfile(body []byte, cloud bool) (profileFields, *profileProblem) {
	var f profileFields
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil || raw == nil {
		return f, badField("the body must be a JSON object")
	}
	str := func(name string, dst **string) *profileProblem {
		v, ok := raw[name]
		if !ok {
			return nil
		}
		var s string
		if json.Unmarshal(v, &s) != nil {
			return badField("%s must be a string", name)
		}
		*dst = &s
		return nil
	}
	if cloud {
		var product *string
		if p := str("messaging_product", &product); p != nil {
			return f, p
		}
		switch {
		case product == nil:
			return f, &profileProblem{missing: true, details: "messaging_product is required: send \"messaging_product\":\"whatsapp\""}
		case *product != "whatsapp":
			return f, badField("messaging_product must be \"whatsapp\", got %q", *product)
		}
	}
	for _, p := range []*profileProblem{str("about", &f.About), str("address", &f.Address), str("description", &f.Description),
		str("email", &f.Email), str("vertical", &f.Vertical), str("profile_picture_handle", &f.Handle)} {
		if p != nil {
			return f, p
		}
	}
	if v, ok := raw["websites"]; ok {
		var ws []string
		if json.Unmarshal(v, &ws) != nil {
			return f, badField("websites must be an array of strings")
		}
		f.Websites = &ws
	}
	if !cloud {
		// On-Premises sets about and the photo at endpoints of their own.
		f.About, f.Handle = nil, nil
	}
	return f, checkProfileFields(f, cloud)
}

func checkProfileFields(f profileFields, cloud bool) *profileProblem {
	tooLong := func(name string, v *string, limit int) *profileProblem {
		if v != nil && utf8.RuneCountInString(*v) > limit {
			return badField("%s must be at most %d characters, got %d", name, limit, utf8.RuneCountInString(*v))
		}
		return nil
	}
	if f.About != nil && *f.About == "" {
		return badField("about must be 1 to %d characters; it cannot be empty", profileAboutMax)
	}
	for _, p := range []*profileProblem{tooLong("about", f.About, profileAboutMax), tooLong("address", f.Address, profileAddressMax),
		tooLong("description", f.Description, profileDescriptionMax), tooLong("email", f.Email, profileEmailMax)} {
		if p != nil {
			return p
		}
	}
	if f.Email != nil && *f.Email != "" {
		if a, err := mail.ParseAddress(*f.Email); err != nil || a.Address != *f.Email {
			return badField("email must be a valid email address, got %q", *f.Email)
		}
	}
	if f.Vertical != nil {
		if cloud && !slices.Contains(profileVerticals, *f.Vertical) {
			return badField("vertical must be one of %s, got %q", strings.Join(profileVerticals, ", "), *f.Vertical)
		}
		if p := tooLong("vertical", f.Vertical, profileVerticalMax); p != nil {
			return p
		}
	}
	if f.Websites != nil {
		if len(*f.Websites) > profileWebsitesMax {
			return badField("websites holds at most %d URLs, got %d", profileWebsitesMax, len(*f.Websites))
		}
		for _, w := range *f.Websites {
			if p := tooLong("a website", &w, profileWebsiteMax); p != nil {
				return p
			}
			if u, err := url.Parse(w); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return badField("websites must be URLs starting with http:// or https://, got %q", w)
			}
		}
	}
	return nil
}

// apply writes the checked fields into the profile.
func (p *BusinessProfile) apply(f profileFields) {
	for _, set := range []struct {
		dst *string
		v   *string
	}{{&p.About, f.About}, {&p.Address, f.Address}, {&p.Description, f.Description}, {&p.Email, f.Email}, {&p.Vertical, f.Vertical}} {
		if set.v != nil {
			*set.dst = *set.v
		}
	}
	if f.Websites != nil {
		p.Websites = slices.Clone(*f.Websites)
	}
}

func (s *Server) cloudGetBusinessProfile(w http.ResponseWriter, r *http.Request) {
	if !s.cloudPhone(w, r) {
		return
	}
	p := s.BusinessProfile()
	all := map[string]any{"messaging_product": "whatsapp"}
	for name, v := range map[string]string{"about": p.About, "address": p.Address, "description": p.Description,
		"email": p.Email, "vertical": p.Vertical} {
		if v != "" {
			all[name] = v
		}
	}
	if len(p.Websites) > 0 {
		all["websites"] = p.Websites
	}
	if p.Photo != nil {
		all["profile_picture_url"] = baseURL(r) + "/_sandbox/profile-photo/" + strconv.Itoa(p.PhotoVersion)
	}
	out := all
	if fields := r.URL.Query().Get("fields"); fields != "" {
		out = map[string]any{}
		for _, name := range strings.Split(fields, ",") {
			if v, ok := all[strings.TrimSpace(name)]; ok {
				out[strings.TrimSpace(name)] = v
			}
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": []any{out}})
}

func (s *Server) cloudSetBusinessProfile(w http.ResponseWriter, r *http.Request) {
	if !s.cloudPhone(w, r) {
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxJSONBody))
	if err != nil {
		writeCloudError(w, templateParamError("could not read the body: "+err.Error()))
		return
	}
	f, problem := parseProfile(body, true)
	if problem == nil {
		problem = s.checkSpecDescription(f.Description)
	}
	if problem == nil && f.Handle != nil {
		problem = s.checkPhotoHandle(*f.Handle)
	}
	if problem != nil {
		if problem.missing {
			writeCloudError(w, cloudError{Status: http.StatusBadRequest, Code: 100,
				Message: "(#100) The parameter messaging_product is required.", Details: problem.details})
			return
		}
		writeCloudError(w, templateParamError(problem.details))
		return
	}
	s.profile.mu.Lock()
	s.profile.p.apply(f)
	if f.Handle != nil {
		sess := s.uploadByHandle(*f.Handle)
		s.profile.p.Photo, s.profile.p.PhotoType = slices.Clone(sess.data), sess.fileType
		s.profile.p.PhotoVersion++
	}
	s.profile.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]bool{"success": true})
}

// specDescriptionMax is the description limit of Meta's OpenAPI spec, where
// its reference pages give profileDescriptionMax.
const specDescriptionMax = 256

// checkSpecDescription, in strict mode (speccheck.go), holds a Cloud
// description to the spec's 256 characters; by default the sandbox takes the
// reference pages' 512, as the provider does.
func (s *Server) checkSpecDescription(d *string) *profileProblem {
	if !s.opts.Strict || d == nil || utf8.RuneCountInString(*d) <= specDescriptionMax {
		return nil
	}
	return badField("description must be at most %d characters (Meta's OpenAPI spec; its reference pages allow %d, "+
		"which the sandbox takes outside strict mode), got %d", specDescriptionMax, profileDescriptionMax, utf8.RuneCountInString(*d))
}

// checkPhotoHandle: the handle must come from this app's Resumable Upload
// API, and name a JPEG or PNG of at most 5 MB.
func (s *Server) checkPhotoHandle(handle string) *profileProblem {
	sess := s.uploadByHandle(handle)
	switch {
	case sess == nil:
		return badField("The profile picture handle is invalid or expired: upload the photo with POST /{app-id}/uploads and POST upload:<session>, then send the \"h\" it answers")
	case sess.fileType != "image/jpeg" && sess.fileType != "image/jpg" && sess.fileType != "image/png":
		return badField("the profile picture must be a JPEG or PNG image; the handle holds %s", sess.fileType)
	case sess.length > profilePhotoMax:
		return badField("the profile picture is %d bytes; it may be at most 5 MB", sess.length)
	}
	return nil
}

func (s *Server) uploadByHandle(handle string) *uploadSession {
	s.templates.mu.Lock()
	defer s.templates.mu.Unlock()
	return s.templates.handles[handle]
}

func (s *Server) onPremGetBusinessProfile(w http.ResponseWriter, _ *http.Request) {
	p := s.BusinessProfile()
	if p.Websites == nil {
		p.Websites = []string{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"settings": map[string]any{"business": map[string]any{"profile": map[string]any{
		"address": p.Address, "description": p.Description, "email": p.Email, "vertical": p.Vertical, "websites": p.Websites,
	}}}, "meta": onPremMeta})
}

func (s *Server) onPremSetBusinessProfile(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxJSONBody))
	if err != nil {
		writeOnPremError(w, http.StatusBadRequest, codeRequestNotValid, "Request not valid", "could not read the body: "+err.Error())
		return
	}
	f, problem := parseProfile(body, false)
	if problem != nil {
		writeOnPremError(w, http.StatusBadRequest, codeInvalidParameter, "Parameter value is not valid", problem.details)
		return
	}
	s.profile.mu.Lock()
	s.profile.p.apply(f)
	s.profile.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"meta": onPremMeta})
}

func (s *Server) onPremGetAbout(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"settings": map[string]any{"profile": map[string]any{
		"about": map[string]string{"text": s.BusinessProfile().About}}}, "meta": onPremMeta})
}

func (s *Server) onPremSetAbout(w http.ResponseWriter, r *http.Request) {
	var req map[string]json.RawMessage
	body, _ := io.ReadAll(io.LimitReader(r.Body, maxJSONBody))
	if json.Unmarshal(body, &req) != nil || req == nil {
		writeOnPremError(w, http.StatusBadRequest, codeRequestNotValid, "Request not valid", `the body must be {"text":"..."}`)
		return
	}
	raw, ok := req["text"]
	var text string
	if !ok || json.Unmarshal(raw, &text) != nil {
		writeOnPremError(w, http.StatusBadRequest, codeMissingParameter, "Required parameter is missing", `text is required: send {"text":"..."}`)
		return
	}
	if p := checkProfileFields(profileFields{About: &text}, false); p != nil {
		writeOnPremError(w, http.StatusBadRequest, codeInvalidParameter, "Parameter value is not valid", p.details)
		return
	}
	s.profile.mu.Lock()
	s.profile.p.About = text
	s.profile.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"meta": onPremMeta})
}

func (s *Server) onPremSetPhoto(w http.ResponseWriter, r *http.Request) {
	ct := baseMediaType(r.Header.Get("Content-Type"))
	if ct != "image/jpeg" && ct != "image/png" {
		writeOnPremError(w, http.StatusBadRequest, codeInvalidParameter, "Parameter value is not valid",
			"Content-Type "+quoteOrMissing(r.Header.Get("Content-Type"))+" is not a profile photo type; send the image as the body with Content-Type: image/jpeg or image/png")
		return
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, profilePhotoMax+1))
	switch {
	case err != nil:
		writeOnPremError(w, http.StatusBadRequest, codeRequestNotValid, "Request not valid", "could not read the photo: "+err.Error())
		return
	case len(data) == 0:
		writeOnPremError(w, http.StatusBadRequest, codeMissingParameter, "Required parameter is missing", "the body is empty; send the image bytes as the request body")
		return
	case len(data) > profilePhotoMax:
		writeOnPremError(w, http.StatusBadRequest, codeInvalidParameter, "Parameter value is not valid", "the photo is larger than 5 MB")
		return
	}
	s.profile.mu.Lock()
	s.profile.p.Photo, s.profile.p.PhotoType = data, ct
	s.profile.p.PhotoVersion++
	s.profile.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"meta": onPremMeta})
}

func (s *Server) onPremGetPhoto(w http.ResponseWriter, _ *http.Request) {
	p := s.BusinessProfile()
	if p.Photo == nil {
		writeOnPremError(w, http.StatusNotFound, codeNotFound, "Resource not found", "the profile has no photo; set one with POST /v1/settings/profile/photo")
		return
	}
	w.Header().Set("Content-Type", p.PhotoType)
	w.Header().Set("Content-Length", strconv.Itoa(len(p.Photo)))
	_, _ = w.Write(p.Photo)
}

func (s *Server) onPremDeletePhoto(w http.ResponseWriter, _ *http.Request) {
	s.profile.mu.Lock()
	if s.profile.p.Photo != nil {
		s.profile.p.Photo, s.profile.p.PhotoType = nil, ""
		s.profile.p.PhotoVersion++
	}
	s.profile.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"meta": onPremMeta})
}

// controlProfilePhoto serves the photo at the URL Cloud hands out; an older
// version's URL is gone, as Meta's CDN URLs go stale.
func (s *Server) controlProfilePhoto(w http.ResponseWriter, r *http.Request) {
	p := s.BusinessProfile()
	if p.Photo == nil || r.PathValue("version") != strconv.Itoa(p.PhotoVersion) {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", p.PhotoType)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(p.Photo)
}
