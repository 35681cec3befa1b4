package whatsapp

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// APIError is an error answer from either API flavor, decoded into one shape.
//
// On-Premises: {"errors":[{"code","title","details","href"}],"meta":{...}}.
// Cloud: {"error":{"message","type","code","error_subcode","error_data":{"details"},"fbtrace_id","is_transient"}}.
type APIError struct {
	HTTPStatus  int
	Code        int
	Subcode     int
	Title       string // On-Premises title, or Cloud message
	Details     string // On-Premises details, or Cloud error_data.details
	Type        string // Cloud type, e.g. OAuthException
	Href        string
	FBTraceID   string
	IsTransient bool
}

// Error reads like
// "WhatsApp API error 131056 (HTTP 400): (#131056) Pair rate limit hit: details (fbtrace_id ABC)".
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("WhatsApp API error")
	if e.Code != 0 {
		fmt.Fprintf(&b, " %d", e.Code)
		if e.Subcode != 0 {
			fmt.Fprintf(&b, " (subcode %d)", e.Subcode)
		}
	}
	fmt.Fprintf(&b, " (HTTP %d)", e.HTTPStatus)
	title := e.Title
	if title == "" {
		title = http.StatusText(e.HTTPStatus)
	}
	if title != "" {
		b.WriteString(": ")
		b.WriteString(title)
	}
	if e.Details != "" && e.Details != e.Title {
		b.WriteString(": ")
		b.WriteString(e.Details)
	}
	if e.FBTraceID != "" {
		fmt.Fprintf(&b, " (fbtrace_id %s)", e.FBTraceID)
	}
	return b.String()
}

// OutcomeUnknownError means a request may have reached the API and been acted on
// (timeout after the body was written, connection reset, 5xx on a send).
type OutcomeUnknownError struct {
	Err error
}

func (e *OutcomeUnknownError) Error() string {
	return "the outcome is unknown: WhatsApp may have accepted the request: " + e.Err.Error()
}
func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// UnreachableError means no connection could be made to the API's host
// (connection refused, no such host, no route), after every attempt the retry
// policy allowed. Nothing reached the API.
type UnreachableError struct {
	Host      string        // the host:port that could not be reached
	OnBaseURL bool          // Host is the configured base URL's (not a media download's)
	Attempts  int           // how many connections were tried
	Elapsed   time.Duration // from the first attempt to giving up
	Err       error         // the last attempt's error
}

func (e *UnreachableError) Error() string {
	return fmt.Sprintf("could not connect to %s in %d attempt(s) over %s: %v",
		e.Host, e.Attempts, e.Elapsed.Round(100*time.Millisecond), e.Err)
}
func (e *UnreachableError) Unwrap() error { return e.Err }

// ErrNotFound is wrapped by errors for objects the client found absent
// without the API saying so in an error answer (a media provider missing
// from the list). IsNotFound is true for it.
var ErrNotFound = errors.New("not found")

// IsNotFound reports whether err says the object does not exist
// (HTTP 404, On-Premises code 1006, Cloud code 100 with subcode 33).
func IsNotFound(err error) bool {
	if errors.Is(err, ErrNotFound) {
		return true
	}
	var ae *APIError
	if !errors.As(err, &ae) {
		return false
	}
	return isWhatsAppNotFound(ae) || ae.Code == 1006 || (ae.Code == 100 && ae.Subcode == 33)
}

// isWhatsAppNotFound tells the API's own 404 (an unknown On-Premises media ID
// gets 404 with no body; others carry a WhatsApp error body) from a 404 of
// something else at that address, such as a proxy or a base_url with a wrong
// path, whose HTML or text body lands in Details with no code. Taking the
// latter for "gone" would drop every media from state, and the next apply
// would upload it all again and resend every message that uses it.
func isWhatsAppNotFound(ae *APIError) bool {
	return ae.HTTPStatus == http.StatusNotFound && (ae.Code != 0 || ae.Details == "")
}

// IsOutcomeUnknown reports whether err means the request may have been acted
// on. A send that was never attempted (ErrNotAttempted) was not, even when the
// failure that stopped it was itself an unknown outcome.
func IsOutcomeUnknown(err error) bool {
	if errors.Is(err, ErrNotAttempted) {
		return false
	}
	var u *OutcomeUnknownError
	return errors.As(err, &u)
}

// flexInt decodes a JSON number or a string holding one; Meta's bodies are
// not consistent about which (file_size, sometimes codes).
type flexInt int64

func (f *flexInt) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	if b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		s = strings.TrimSpace(s)
		if s == "" {
			return nil
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return fmt.Errorf("not an integer: %q", s)
		}
		*f = flexInt(n)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	i, err := n.Int64()
	if err != nil {
		fl, ferr := n.Float64()
		if ferr != nil || fl >= 1<<63 || fl < -(1<<63) {
			return fmt.Errorf("not an integer in range: %s", b) // converting it would give an arbitrary value
		}
		i = int64(fl)
	}
	*f = flexInt(i)
	return nil
}

// errorBody holds both flavors' error shapes; whichever is present wins.
type errorBody struct {
	Errors []struct {
		Code    flexInt `json:"code"`
		Title   string  `json:"title"`
		Details string  `json:"details"`
		Href    string  `json:"href"`
	} `json:"errors"`
	Error *struct {
		Message string  `json:"message"`
		Type    string  `json:"type"`
		Code    flexInt `json:"code"`
		Subcode flexInt `json:"error_subcode"`
		// error_data is an object on WhatsApp errors, but other Graph
		// errors send a string (sometimes JSON inside a string); a strict
		// struct would lose the whole body, and with it the code the
		// retry policy reads.
		ErrorData   json.RawMessage `json:"error_data"`
		UserMessage string          `json:"error_user_msg"`
		FBTraceID   string          `json:"fbtrace_id"`
		IsTransient flexBool        `json:"is_transient"`
	} `json:"error"`
}

// flexBool decodes true/false, or a string holding one; anything else is false.
type flexBool bool

func (f *flexBool) UnmarshalJSON(b []byte) error {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	switch t := v.(type) {
	case bool:
		*f = flexBool(t)
	case string:
		*f = flexBool(strings.EqualFold(strings.TrimSpace(t), "true"))
	}
	return nil
}

// errorDataDetails reads error_data.details whether error_data is an
// object, a string holding an object, or plain text.
func errorDataDetails(raw json.RawMessage) string {
	var obj struct {
		Details string `json:"details"`
	}
	if json.Unmarshal(raw, &obj) == nil {
		return obj.Details
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	if json.Unmarshal([]byte(s), &obj) == nil {
		return obj.Details
	}
	return s
}

// maxErrorSnippet bounds how much of a non-JSON error body ends up in Details.
const maxErrorSnippet = 200

// decodeAPIError turns a non-2xx answer into an *APIError. It never fails:
// a body it cannot read still gives the status and its text.
func decodeAPIError(status int, body []byte) *APIError {
	e := &APIError{HTTPStatus: status}
	var eb errorBody
	if err := json.Unmarshal(body, &eb); err == nil {
		switch {
		case eb.Error != nil:
			e.Code = int(eb.Error.Code)
			e.Subcode = int(eb.Error.Subcode)
			e.Title = eb.Error.Message
			e.Details = errorDataDetails(eb.Error.ErrorData)
			if e.Details == "" {
				e.Details = eb.Error.UserMessage
			}
			e.Type = eb.Error.Type
			e.FBTraceID = eb.Error.FBTraceID
			e.IsTransient = bool(eb.Error.IsTransient)
			return fillTitle(e)
		case len(eb.Errors) > 0:
			first := eb.Errors[0]
			e.Code = int(first.Code)
			e.Title = first.Title
			e.Details = first.Details
			e.Href = first.Href
			return fillTitle(e)
		}
	}
	e.Title = http.StatusText(status)
	e.Details = snippet(body)
	return e
}

// minSecretLen keeps redaction from garbling text over a trivially short
// test password; real tokens and keys are far longer.
const minSecretLen = 4

// redactSecrets removes credentials an error answer echoes back (gateways
// quote the key or token they refused), so they reach neither logs nor
// diagnostics. loginToken is the token the request carried, if any; extra
// are other secrets it carried (an app access token).
func (c *Client) redactSecrets(e *APIError, loginToken string, extra ...string) *APIError {
	secrets := append([]string{c.cfg.AccessToken, c.cfg.Password, loginToken}, extra...)
	if c.cfg.Password != "" {
		secrets = append(secrets, base64.StdEncoding.EncodeToString([]byte(c.cfg.Username+":"+c.cfg.Password)))
	}
	for _, s := range secrets {
		if len(s) < minSecretLen {
			continue
		}
		for _, field := range []*string{&e.Title, &e.Details, &e.Href} {
			*field = strings.ReplaceAll(*field, s, "[redacted]")
		}
	}
	return e
}

func fillTitle(e *APIError) *APIError {
	if e.Title == "" {
		e.Title = http.StatusText(e.HTTPStatus)
	}
	return e
}

// snippet returns the start of a body as readable text for an error message.
func snippet(body []byte) string {
	body = bytes.TrimSpace(body)
	if len(body) > maxErrorSnippet {
		body = body[:maxErrorSnippet]
		for len(body) > 0 && !utf8.Valid(body) {
			body = body[:len(body)-1] // do not cut a rune in half
		}
		return strings.ToValidUTF8(string(body), "?") + "..."
	}
	return strings.ToValidUTF8(string(body), "?")
}
