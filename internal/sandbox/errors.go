package sandbox

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// onPremMeta is the "meta" object every On-Premises answer carries.
var onPremMeta = map[string]string{"api_status": "stable", "version": "2.53.1"}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// On-Premises error codes used here (internal/whatsapp/API.md, "Errors, throttling and retries", and
// the On-Premises error code table).
const (
	codeAccessDenied     = 1005
	codeNotFound         = 1006
	codeMissingParameter = 1008
	codeInvalidParameter = 1009
	codeInternalError    = 1014
	codeTooManyRequests  = 1015
	codeOverloaded       = 1016
	codeRequestNotValid  = 1025
	codeGenericError     = 1000
)

type onPremError struct {
	Code    int    `json:"code"`
	Title   string `json:"title"`
	Details string `json:"details,omitempty"`
}

func writeOnPremError(w http.ResponseWriter, status, code int, title, details string) {
	writeJSON(w, status, map[string]any{
		"errors": []onPremError{{Code: code, Title: title, Details: details}},
		"meta":   onPremMeta,
	})
}

// cloudError is the Graph API error object.
type cloudError struct {
	Status    int
	Code      int
	Subcode   int // 0: omitted
	Type      string
	Message   string // as sent; see cloudMessage for the "(#code)" prefix
	Details   string // error_data.details; empty: error_data omitted
	Transient bool
}

func writeCloudError(w http.ResponseWriter, e cloudError) {
	if e.Type == "" {
		e.Type = "OAuthException"
	}
	body := map[string]any{
		"message":    e.Message,
		"type":       e.Type,
		"code":       e.Code,
		"fbtrace_id": newTraceID(),
	}
	if e.Subcode != 0 {
		body["error_subcode"] = e.Subcode
	}
	if e.Details != "" {
		body["error_data"] = map[string]string{"messaging_product": "whatsapp", "details": e.Details}
	}
	if e.Transient {
		body["is_transient"] = true
	}
	writeJSON(w, e.Status, map[string]any{"error": body})
}

// cloudMessage adds Graph's "(#code) " prefix. Graph leaves it off for the
// generic codes 1 and 2 and for token errors (190).
func cloudMessage(code int, title string) string {
	if code == 1 || code == 2 || code == 190 || strings.HasPrefix(title, "(#") {
		return title
	}
	return "(#" + strconv.Itoa(code) + ") " + title
}

// cloudNoObject is Graph's answer for an ID that does not exist or that this
// token may not see: unknown phone number IDs and unknown or deleted media.
func cloudNoObject(method, id string) cloudError {
	return cloudError{
		Status:  http.StatusBadRequest,
		Code:    100,
		Subcode: 33,
		Type:    "GraphMethodException",
		Message: "Unsupported " + strings.ToLower(method) + " request. Object with ID '" + id +
			"' does not exist, cannot be loaded due to missing permissions, or does not support this operation. " +
			"Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
	}
}

func cloudInvalidToken() cloudError {
	return cloudError{Status: http.StatusUnauthorized, Code: 190, Message: "Invalid OAuth access token - Cannot parse access token"}
}

func cloudExpiredToken() cloudError {
	return cloudError{Status: http.StatusUnauthorized, Code: 190, Subcode: 463,
		Message: "Error validating access token: Session has expired"}
}

// checkError is a request check failure, independent of flavor. Each flavor
// turns it into its own status, code and body (writeOnPrem, writeCloud).
type checkError struct {
	kind     checkKind
	details  string        // names the field and says what to send instead
	template templateFault // checkTemplate: the codes and title (template_messages.go)
}

type checkKind int

const (
	checkMissing      checkKind = iota // a required parameter is absent
	checkInvalid                       // a parameter has a bad value
	checkUnknown                       // a parameter this flavor does not take
	checkMediaMissing                  // a media ID that does not exist on this flavor
	checkBadRequest                    // the body is not the JSON expected
	checkTemplate                      // a template send that does not fit the stored template
)

func missing(details string) *checkError { return &checkError{kind: checkMissing, details: details} }
func invalid(details string) *checkError { return &checkError{kind: checkInvalid, details: details} }
func unknown(details string) *checkError { return &checkError{kind: checkUnknown, details: details} }

func (e *checkError) writeOnPrem(w http.ResponseWriter) {
	switch e.kind {
	case checkTemplate:
		e.writeTemplate(w, false)
	case checkMissing:
		writeOnPremError(w, http.StatusBadRequest, codeMissingParameter, "Required parameter is missing", e.details)
	case checkMediaMissing:
		writeOnPremError(w, http.StatusNotFound, codeNotFound, "Resource not found", e.details)
	case checkBadRequest:
		writeOnPremError(w, http.StatusBadRequest, codeRequestNotValid, "Request not valid", e.details)
	default:
		writeOnPremError(w, http.StatusBadRequest, codeInvalidParameter, "Parameter value is not valid", e.details)
	}
}

func (e *checkError) writeCloud(w http.ResponseWriter) {
	ce := cloudError{Status: http.StatusBadRequest, Details: e.details}
	switch e.kind {
	case checkTemplate:
		e.writeTemplate(w, true)
		return
	case checkMissing:
		ce.Code, ce.Message = 131008, "(#131008) Required parameter is missing"
	case checkInvalid:
		ce.Code, ce.Message = 131009, "(#131009) Parameter value is not valid"
	case checkMediaMissing:
		ce.Code, ce.Message = 131053, "(#131053) Media upload error"
	default:
		ce.Code, ce.Message = 100, "(#100) Invalid parameter"
	}
	writeCloudError(w, ce)
}
