package sandbox

import (
	"net/http"
	"regexp"
	"strconv"
)

// Checks from Meta's OpenAPI spec for the Cloud API (internal/whatsapp/API.md,
// "Versions, addresses and headers", and its Sources) that the rest of the sandbox does not already make. They run on
// every Cloud API request, so every test that talks to the sandbox checks
// them for free.

// specUserAgentRE is the pattern the spec declares for the User-Agent header.
var specUserAgentRE = regexp.MustCompile(`^[a-zA-Z0-9\-_]+\/[0-9]+\.[0-9]+\.[0-9]+(;[a-zA-Z0-9\-=\.]+)?(\s+[a-zA-Z0-9\-_]+\/[0-9\-\.]+)?$`)

// specPhoneNumberIDRE is the pattern of every phone-number-ID path parameter.
var specPhoneNumberIDRE = regexp.MustCompile(`^[0-9]+$`)

// checkCloudUserAgent answers a request whose User-Agent breaks the spec's
// pattern the way Graph answers a parameter that breaks its schema, and
// reports whether the request may go on.
func checkCloudUserAgent(w http.ResponseWriter, r *http.Request) bool {
	ua := r.Header.Get("User-Agent")
	if specUserAgentRE.MatchString(ua) {
		return true
	}
	writeCloudError(w, cloudError{Status: http.StatusBadRequest, Code: 100,
		Message: "(#100) Param User-Agent is not valid",
		Details: "the User-Agent header " + strconv.Quote(ua) + " does not match " + specUserAgentRE.String() +
			`; send e.g. "my-app/1.2.3" or "my-app/1.2.3;build=dev Terraform/1.11.0"`})
	return false
}

// checkCloudPhoneNumberID refuses a phone-number-ID path segment that is not
// all digits, as Graph refuses a path it cannot route.
func checkCloudPhoneNumberID(w http.ResponseWriter, r *http.Request, phone string) bool {
	if specPhoneNumberIDRE.MatchString(phone) {
		return true
	}
	writeCloudError(w, cloudError{Status: http.StatusBadRequest, Code: 100,
		Message: "(#100) Unknown path components: " + r.URL.Path,
		Details: "the phone number ID " + strconv.Quote(phone) + " must be all digits (^[0-9]+$); " +
			"copy it from the WhatsApp Manager or App Dashboard, not the phone number itself"})
	return false
}
