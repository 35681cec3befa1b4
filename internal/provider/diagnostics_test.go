package provider

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// The contract names the advice users must get for the common errors; the
// rendering must also carry code, title, details and fbtrace_id.
func TestDescribeAPIErrorGivesCodeDetailsAndAdvice(t *testing.T) {
	tests := []struct {
		err  *whatsapp.APIError
		want []string
	}{
		{&whatsapp.APIError{HTTPStatus: 401, Code: 190, Title: "Invalid OAuth access token", FBTraceID: "Ax1"},
			[]string{"code 190", "HTTP 401", "Invalid OAuth access token", "fbtrace_id: Ax1", "Check access_token"}},
		{&whatsapp.APIError{HTTPStatus: 401, Code: 1005, Title: "Access denied"},
			[]string{"code 1005", "Check the credentials"}},
		{&whatsapp.APIError{HTTPStatus: 400, Code: 131056, Title: "(#131056) Pair rate limit hit", Details: "too many"},
			[]string{"code 131056", "Details: too many", "Too many messages to this recipient"}},
		{&whatsapp.APIError{HTTPStatus: 400, Code: 100, Title: "(#100) Param file must be a file with one of the following types"},
			[]string{"code 100", "type is one the API supports"}},
		{&whatsapp.APIError{HTTPStatus: 400, Code: 100, Subcode: 33, Title: "Unsupported post request. Object with ID '999' does not exist"},
			[]string{"subcode 33", "check phone_number_id"}},
		{&whatsapp.APIError{HTTPStatus: 400, Code: 100, Title: "Unsupported get request. Object with ID '42' does not exist"},
			[]string{"code 100", "the media still exists"}},
		{&whatsapp.APIError{HTTPStatus: 400, Code: 100, Title: "(#100) The parameter messaging_product is required."},
			[]string{"code 100", "the details above say which"}},
		{&whatsapp.APIError{HTTPStatus: 400, Code: 131053, Title: "Media upload error"},
			[]string{"code 131053", "check its type and size"}},
		{&whatsapp.APIError{HTTPStatus: 403, Code: 200, Title: "Permissions error"},
			[]string{"code 200", "lacks a permission"}},
		{&whatsapp.APIError{HTTPStatus: 404, Title: "Not Found", Details: "<html>nginx</html>"},
			[]string{"HTTP 404", "check base_url"}},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.err.Code, "/", tc.err.HTTPStatus, "/", tc.err.Subcode), func(t *testing.T) {
			// Wrapped as the client returns it, so errors.As must dig it out.
			got := describeAPIError(fmt.Errorf("send message: %w", &whatsapp.OutcomeUnknownError{Err: tc.err}))
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("%q lacks %q", got, w)
				}
			}
		})
	}
}

// A throughput limit is met by sending more slowly: the advice names the
// max_messages_per_second ceiling and -parallelism, and does not offer more
// retries as the remedy.
func TestThroughputAdviceNamesTheCeiling(t *testing.T) {
	for _, err := range []*whatsapp.APIError{
		{HTTPStatus: 429, Code: 130429, Title: "(#130429) Rate limit hit"},
		{HTTPStatus: 400, Code: 80007, Title: "(#80007) Rate limit issues"},
		{HTTPStatus: 400, Code: 4, Title: "(#4) Application request limit reached"},
		{HTTPStatus: 429, Code: 1015, Title: "Too many requests"}, // On-Premises
		{HTTPStatus: 429},
	} {
		got := describeAPIError(err)
		for _, w := range []string{"max_messages_per_second", "a little under the limit", "-parallelism"} {
			if !strings.Contains(got, w) {
				t.Errorf("code %d (HTTP %d): %q lacks %q", err.Code, err.HTTPStatus, got, w)
			}
		}
		if strings.Contains(got, "max_retries") {
			t.Errorf("code %d (HTTP %d): %q offers more retries for a throughput limit", err.Code, err.HTTPStatus, got)
		}
	}
}

// Only a type error gets the media-type advice: an unknown phone number or
// object is not fixed by changing the file.
func TestUnknownObjectIsNotAMediaTypeProblem(t *testing.T) {
	got := describeAPIError(&whatsapp.APIError{HTTPStatus: 400, Code: 100, Subcode: 33, Title: "Unsupported post request."})
	if strings.Contains(got, "type is one the API supports") {
		t.Errorf("an unknown object gets the media-type advice: %q", got)
	}
}

// A refused connection says where, how often and for how long it tried, and
// names base_url.
func TestDescribeUnreachable(t *testing.T) {
	err := fmt.Errorf("upload: %w", &whatsapp.UnreachableError{Host: "127.0.0.1:1", OnBaseURL: true, Attempts: 5,
		Elapsed: 7*time.Second + 420*time.Millisecond, Err: errors.New("connect: connection refused")})
	got := describeAPIError(err)
	for _, w := range []string{"127.0.0.1:1", "tried 5 time(s) over 7.4s", "connection refused", "Check base_url", envBaseURL} {
		if !strings.Contains(got, w) {
			t.Errorf("%q lacks %q", got, w)
		}
	}
}
