package sandbox

import (
	"net/http"
	"regexp"
	"strconv"
)

// Checks from Meta's OpenAPI spec for the Cloud API (internal/whatsapp/API.md,
// "Versions, addresses and headers", and its Sources) that the Graph API itself
// does not make: it takes any User-Agent, and a phone-number-ID segment that is
// not all digits is simply an object it cannot find. They run only with
// Options.Strict, the mode for a client's own tests (this provider's
// acceptance tests turn it on), so that a client that breaks the spec fails
// there; by default the sandbox refuses only what WhatsApp refuses, so any
// client can be pointed at it. business_profile.go holds one more such check,
// checkSpecDescription.

// specUserAgentRE is the pattern the spec declares for the User-Agent header.
var specUserAgentRE = regexp.MustCompile(`^[a-zA-Z0-9\-_]+\/[0-9]+\.[0-9]+\.[0-9]+(;[a-zA-Z0-9\-=\.]+)?(\s+[a-zA-Z0-9\-_]+\/[0-9\-\.]+)?$`)

// specPhoneNumberIDRE is the pattern of every phone-number-ID path parameter.
var specPhoneNumberIDRE = regexp.MustCompile(`^[0-9]+$`)

// checkCloudUserAgent, in strict mode, answers a request whose User-Agent
// breaks the spec's pattern the way Graph answers a parameter that breaks its
// schema, and reports whether the request may go on.
func (s *Server) checkCloudUserAgent(w http.ResponseWriter, r *http.Request) bool {
	ua := r.Header.Get("User-Agent")
	if !s.opts.Strict || specUserAgentRE.MatchString(ua) {
		return true
	}
	writeCloudError(w, cloudError{Status: http.StatusBadRequest, Code: 100,
		Message: "(#100) Param User-Agent is not valid",
		Details: "the User-Agent header " + strconv.Quote(ua) + " does not match " + specUserAgentRE.String() +
			`; send e.g. "my-app/1.2.3" or "my-app/1.2.3;build=dev Terraform/1.11.0"`})
	return false
}

// checkCloudPhoneNumberID, in strict mode, refuses a phone-number-ID path
// segment that is not all digits with the spec's pattern in the details; by
// default such a segment goes on to the lookup and gets Graph's "does not
// exist" answer like any other unknown ID.
func (s *Server) checkCloudPhoneNumberID(w http.ResponseWriter, r *http.Request, phone string) bool {
	if !s.opts.Strict || specPhoneNumberIDRE.MatchString(phone) {
		return true
	}
	writeCloudError(w, cloudError{Status: http.StatusBadRequest, Code: 100,
		Message: "(#100) Unknown path components: " + r.URL.Path,
		Details: "the phone number ID " + strconv.Quote(phone) + " must be all digits (^[0-9]+$); " +
			"copy it from the WhatsApp Manager or App Dashboard, not the phone number itself"})
	return false
}
