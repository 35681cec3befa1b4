package provider

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// This file is the one home for how API failures read to a user: what was being
// done, the WhatsApp code, title and details, and what to do next.

// adviceByCode says what to do next for the codes users meet most.
var adviceByCode = map[int]string{
	// Cloud
	190:    "Check access_token: it is invalid or expired. System-user tokens do not expire; user tokens do.",
	10:     "The token lacks a permission: give the system user whatsapp_business_messaging and whatsapp_business_management.",
	131053: "The media could not be uploaded or fetched: check its type and size, and that a link is reachable from the internet.",
	131056: "Too many messages to this recipient in a short time (about one per 6 seconds): wait and apply again.",
	130429: "The phone number's throughput limit was reached. " + throughputAdvice,
	80007:  "The WhatsApp Business Account's rate limit was reached. " + throughputAdvice,
	4:      "The app's rate limit was reached. " + throughputAdvice,
	131049: "WhatsApp did not deliver it to keep engagement healthy: the per-user cap on marketing messages a person gets " +
		"from all businesses was reached. Sending again soon fails the same way; try that recipient in a few days, or " +
		"send a utility template if the message is one.",
	131048: "Spam rate limit: the number sends too many messages that recipients block or report; wait before sending more.",
	131051: "The message type is not supported: check type, and that the media suits it.",
	368:    "The account is restricted: see the WhatsApp Manager.",
	131031: "The account is locked: see the WhatsApp Manager.",
	131047: "More than 24 hours have passed since the recipient last wrote: only template messages can be sent outside that window.",
	131026: "The recipient cannot receive this message: check that the number has WhatsApp.",
	// Template messages (Cloud)
	132000: templateParamsAdvice,
	132001: templateMissingAdvice,
	132012: templateFormatAdvice,
	132015: "The template is paused (Meta pauses templates recipients block or report): edit it, or send another template.",
	132016: "The template is disabled: Meta disabled it for low quality; create a new template.",
	// On-Premises
	470:  "More than 24 hours have passed since the recipient last wrote: only template messages can be sent outside that window.",
	2000: templateParamsAdvice,
	2001: templateMissingAdvice,
	2012: templateFormatAdvice,
	1005: "Check the credentials: access_token, or username and password.",
	1006: "The resource or contact is unknown: check the ID, or that the recipient's number has WhatsApp.",
	1024: "The password must be changed before the API can be used: log in once with a new password.",
	1014: "The API reported an internal error: try again later.",
}

// What to do when a template send does not fit the template WhatsApp has.
const (
	templateParamsAdvice = "template.body_parameters (or buttons) must give one value per variable of the template: " +
		"compare them with the template's body ({{1}}, {{2}}, ...); data.whatsapp_message_template's " +
		"body_parameter_count can check it at plan time in a precondition."
	templateMissingAdvice = "The template does not exist in that language, or it is not approved yet: check template.name and " +
		"template.language (and template_namespace on On-Premises), and its status (data.whatsapp_message_template, or " +
		"whatsapp_message_template with wait_for_approval = true)."
	templateFormatAdvice = "The message does not fit the template: type must be the template's header format (image, video " +
		"or document), and each button parameter must match the template's button at that index."
)

// throughputAdvice is what to do about a throughput limit: send more slowly.
// More retries only knock on the same door more often.
const throughputAdvice = "Wait and apply again; to stay under the limit, set max_messages_per_second in the provider " +
	"block to a ceiling a little under the limit you know, or lower terraform apply -parallelism."

// advice returns what to do next for err, or "". Code 0 is not in the table:
// Cloud uses it for some token errors (those come with HTTP 401, handled
// below), but it is also what an answer without a WhatsApp body decodes to.
func advice(err *whatsapp.APIError) string {
	if err.Code == 100 {
		return invalidParameterAdvice(err)
	}
	if a, ok := adviceByCode[err.Code]; ok {
		return a
	}
	if err.HTTPStatus == 401 {
		return adviceByCode[190]
	}
	if err.Code >= 200 && err.Code <= 299 || err.HTTPStatus == 403 {
		return adviceByCode[10] // the 2xx codes are Graph's permission errors
	}
	if err.HTTPStatus == 404 && err.Code == 0 && err.Details != "" {
		return "The address answered 404 with a body that is not a WhatsApp error: check base_url (and api_version on Cloud)."
	}
	if err.HTTPStatus == 429 {
		return "The API is throttling requests. " + throughputAdvice
	}
	return ""
}

// unreachableAdvice says what to do when no connection could be made.
func unreachableAdvice(err *whatsapp.UnreachableError) string {
	if !err.OnBaseURL {
		return "The media's download address could not be reached from here; try again later."
	}
	return fmt.Sprintf("Check base_url (or %s): is the WhatsApp API running at %s, and reachable from where Terraform runs "+
		"(host name, port, firewall, proxy)? max_retries sets how many times a connection is tried.", envBaseURL, err.Host)
}

// invalidParameterAdvice is the advice for Cloud's code 100, which Graph
// gives both for an object it cannot find (subcode 33: "Unsupported get
// request. Object with ID ... does not exist") and for a parameter it
// refuses, such as an upload's file type. Each gets the advice for its case.
func invalidParameterAdvice(err *whatsapp.APIError) string {
	text := strings.ToLower(err.Title + " " + err.Details)
	switch {
	case err.Subcode == 33 || strings.Contains(text, "does not exist") || strings.Contains(text, "unsupported get request") ||
		strings.Contains(text, "unsupported post request") || strings.Contains(text, "unsupported delete request"):
		return "An ID in the request is unknown, or the access token may not see it: check phone_number_id (the phone " +
			"number's ID from the WhatsApp Manager or the App Dashboard, not the number itself) and that the token's " +
			"WhatsApp Business Account owns it; for a media ID, check that the media still exists (Cloud media expire after 30 days)."
	case strings.Contains(text, "type") || strings.Contains(text, "file") || strings.Contains(text, "media"):
		return "A parameter was refused: for media, check that its type is one the API supports (the whatsapp_media documentation lists them)."
	}
	return "A parameter was refused: the details above say which; check the arguments of this resource."
}

// describeAPIError renders err with its code, title, details and advice.
func describeAPIError(err error) string {
	var unreachable *whatsapp.UnreachableError
	if errors.As(err, &unreachable) {
		return fmt.Sprintf("Could not connect to %s: tried %d time(s) over %s.\nLast error: %v\n\n%s",
			unreachable.Host, unreachable.Attempts, unreachable.Elapsed.Round(100*time.Millisecond), unreachable.Err,
			unreachableAdvice(unreachable))
	}
	var apiErr *whatsapp.APIError
	if !errors.As(err, &apiErr) {
		return err.Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "WhatsApp error code %d (HTTP %d)", apiErr.Code, apiErr.HTTPStatus)
	if apiErr.Subcode != 0 {
		fmt.Fprintf(&b, ", subcode %d", apiErr.Subcode)
	}
	if apiErr.Title != "" {
		fmt.Fprintf(&b, ": %s", apiErr.Title)
	}
	if apiErr.Details != "" {
		fmt.Fprintf(&b, "\nDetails: %s", apiErr.Details)
	}
	if apiErr.FBTraceID != "" {
		fmt.Fprintf(&b, "\nfbtrace_id: %s", apiErr.FBTraceID)
	}
	if a := advice(apiErr); a != "" {
		fmt.Fprintf(&b, "\n\n%s", a)
	}
	return b.String()
}

// apiErrorDiagnostic is the diagnostic for a failed call: summary like
// "Unable to Upload WhatsApp Media", detail saying what was attempted, then the error.
func apiErrorDiagnostic(summary, attempted string, err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic(summary, attempted+"\n\n"+describeAPIError(err))
}

// The words for a send whose outcome is unknown, written once for the message
// resource (an unknown answer, or one found in the record of sends) and the
// send action.
const (
	// untaintAdvice is how a user accepts a message kept as an unknown outcome.
	untaintAdvice = "If the recipient has it, run `terraform untaint <address of this message>` to accept it as " +
		"delivered; nothing is sent then."
	// keptAsUnknown is what the message resource does with an unknown outcome.
	keptAsUnknown = "the message stays in state as tainted with outcome = \"unknown\", so the next apply sends the " +
		"message again. " + untaintAdvice
)

// mayHaveBeenSent is the error of a send whose outcome is unknown: what
// happened, that the recipient may have the message, and what comes next
// (next); err, when there is one, is the API's failure with its advice.
func mayHaveBeenSent(what, next string, err error) diag.Diagnostic {
	detail := what + " WhatsApp may have accepted the message, and the recipient may already have it. " + next
	if err != nil {
		detail += "\n\n" + describeAPIError(err)
	}
	return diag.NewErrorDiagnostic("WhatsApp Message May Have Been Sent", detail)
}

// summaryMediaProvidersNeedOnPremises is the title of every refusal of a
// media provider (or link_provider) on the Cloud API, which has none.
const summaryMediaProvidersNeedOnPremises = "WhatsApp Media Providers Need the On-Premises API"
