package provider

import (
	"fmt"
	"strings"
	"testing"

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
		{&whatsapp.APIError{HTTPStatus: 400, Code: 131053, Title: "Media upload error"},
			[]string{"code 131053", "check its type and size"}},
		{&whatsapp.APIError{HTTPStatus: 403, Code: 200, Title: "Permissions error"},
			[]string{"code 200", "lacks a permission"}},
		{&whatsapp.APIError{HTTPStatus: 404, Title: "Not Found", Details: "<html>nginx</html>"},
			[]string{"HTTP 404", "check base_url"}},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.err.Code, "/", tc.err.HTTPStatus), func(t *testing.T) {
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
