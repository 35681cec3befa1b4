package whatsapp_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// getMediaErr answers GetMedia with status and body and returns the error.
func getMediaErr(t *testing.T, flavor whatsapp.Flavor, status int, body string) error {
	t.Helper()
	api := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		if body == "" {
			w.WriteHeader(status)
			return
		}
		if strings.HasPrefix(body, "{") {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	})
	cfg := fastConfig(flavor, api.URL)
	cfg.MaxRetries = 0
	_, err := mustNew(t, cfg).GetMedia(context.Background(), "m1")
	if err == nil {
		t.Fatal("want an error")
	}
	return err
}

func TestDecodeErrors(t *testing.T) {
	cases := []struct {
		name     string
		flavor   whatsapp.Flavor
		status   int
		body     string
		want     whatsapp.APIError
		text     string
		notFound bool
	}{
		{
			name: "on-prem", flavor: whatsapp.OnPremises, status: 400,
			body: `{"errors":[{"code":1009,"title":"Parameter value is not valid","details":"Unknown media type","href":"https://developers.facebook.com/x"}],"meta":{"api_status":"stable","version":"2.41.2"}}`,
			want: whatsapp.APIError{HTTPStatus: 400, Code: 1009, Title: "Parameter value is not valid", Details: "Unknown media type", Href: "https://developers.facebook.com/x"},
			text: "WhatsApp API error 1009 (HTTP 400): Parameter value is not valid: Unknown media type",
		},
		{
			name: "on-prem not found", flavor: whatsapp.OnPremises, status: 404,
			body:     `{"errors":[{"code":1006,"title":"Resource not found","details":"unknown media"}]}`,
			want:     whatsapp.APIError{HTTPStatus: 404, Code: 1006, Title: "Resource not found", Details: "unknown media"},
			notFound: true,
		},
		{
			name: "cloud", flavor: whatsapp.Cloud, status: 400,
			body: `{"error":{"message":"(#131056) (Business Account, Consumer Account) pair rate limit hit","type":"OAuthException","code":131056,"error_subcode":2494055,"error_data":{"messaging_product":"whatsapp","details":"Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time."},"fbtrace_id":"AazCZ1hUxg","is_transient":true}}`,
			want: whatsapp.APIError{HTTPStatus: 400, Code: 131056, Subcode: 2494055, Title: "(#131056) (Business Account, Consumer Account) pair rate limit hit", Details: "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.", Type: "OAuthException", FBTraceID: "AazCZ1hUxg", IsTransient: true},
			text: "WhatsApp API error 131056 (subcode 2494055) (HTTP 400): (#131056) (Business Account, Consumer Account) pair rate limit hit: Message failed",
		},
		{
			name: "cloud not found", flavor: whatsapp.Cloud, status: 400,
			body:     `{"error":{"message":"Unsupported get request. Object with ID 'm1' does not exist","type":"GraphMethodException","code":100,"error_subcode":33,"fbtrace_id":"X1"}}`,
			want:     whatsapp.APIError{HTTPStatus: 400, Code: 100, Subcode: 33, Title: "Unsupported get request. Object with ID 'm1' does not exist", Type: "GraphMethodException", FBTraceID: "X1"},
			text:     "(fbtrace_id X1)",
			notFound: true,
		},
		{
			name: "cloud code as string", flavor: whatsapp.Cloud, status: 401,
			body: `{"error":{"message":"Invalid OAuth access token","type":"OAuthException","code":"190","fbtrace_id":"T"}}`,
			want: whatsapp.APIError{HTTPStatus: 401, Code: 190, Title: "Invalid OAuth access token", Type: "OAuthException", FBTraceID: "T"},
		},
		{
			// Graph errors outside WhatsApp carry error_data as a string;
			// the code must survive, the retry policy depends on it.
			name: "cloud error_data as a JSON string", flavor: whatsapp.Cloud, status: 400,
			body: `{"error":{"message":"(#4) Application request limit reached","type":"OAuthException","code":4,"error_data":"{\"details\":\"slow down\"}","is_transient":"true","fbtrace_id":"S"}}`,
			want: whatsapp.APIError{HTTPStatus: 400, Code: 4, Title: "(#4) Application request limit reached", Details: "slow down", Type: "OAuthException", FBTraceID: "S", IsTransient: true},
		},
		{
			name: "cloud error_data as text, user message", flavor: whatsapp.Cloud, status: 400,
			body: `{"error":{"message":"(#100) Invalid parameter","type":"OAuthException","code":100,"error_data":"","error_user_msg":"The file is too large","fbtrace_id":"U"}}`,
			want: whatsapp.APIError{HTTPStatus: 400, Code: 100, Title: "(#100) Invalid parameter", Details: "The file is too large", Type: "OAuthException", FBTraceID: "U"},
		},
		{
			name: "html body", flavor: whatsapp.OnPremises, status: 403,
			body: "<html><body>" + strings.Repeat("Forbidden by proxy. ", 30) + "</body></html>",
			want: whatsapp.APIError{HTTPStatus: 403, Title: "Forbidden"},
			text: "WhatsApp API error (HTTP 403): Forbidden: <html><body>Forbidden by proxy.",
		},
		{
			name: "404 of something that is not WhatsApp", flavor: whatsapp.OnPremises, status: 404,
			body: "404 page not found",
			want: whatsapp.APIError{HTTPStatus: 404, Title: "Not Found", Details: "404 page not found"},
			text: "WhatsApp API error (HTTP 404): Not Found: 404 page not found",
		},
		{
			name: "404 with a Graph error body", flavor: whatsapp.Cloud, status: 404,
			body:     `{"error":{"message":"Unknown path components","type":"OAuthException","code":2500,"fbtrace_id":"F"}}`,
			want:     whatsapp.APIError{HTTPStatus: 404, Code: 2500, Title: "Unknown path components", Type: "OAuthException", FBTraceID: "F"},
			notFound: true,
		},
		{
			name: "empty 404", flavor: whatsapp.OnPremises, status: 404, body: "",
			want:     whatsapp.APIError{HTTPStatus: 404, Title: "Not Found"},
			text:     "WhatsApp API error (HTTP 404): Not Found",
			notFound: true,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := getMediaErr(t, tc.flavor, tc.status, tc.body)
			var ae *whatsapp.APIError
			if !errors.As(err, &ae) {
				t.Fatalf("want *APIError in %v", err)
			}
			got := *ae
			if tc.name == "html body" {
				if !strings.HasPrefix(got.Details, "<html><body>Forbidden") || len(got.Details) > 210 {
					t.Errorf("details = %q, want the first ~200 bytes", got.Details)
				}
				got.Details = ""
			}
			if got != tc.want {
				t.Errorf("decoded\n got %+v\nwant %+v", got, tc.want)
			}
			if tc.text != "" && !strings.Contains(err.Error(), tc.text) {
				t.Errorf("Error() = %q, want it to contain %q", err.Error(), tc.text)
			}
			if whatsapp.IsNotFound(err) != tc.notFound {
				t.Errorf("IsNotFound = %v, want %v", !tc.notFound, tc.notFound)
			}
			if whatsapp.IsOutcomeUnknown(err) {
				t.Errorf("a GET error is never outcome-unknown: %v", err)
			}
		})
	}
}

func TestErrorTexts(t *testing.T) {
	e := &whatsapp.APIError{HTTPStatus: 400, Code: 131056, Title: "(#131056) Pair rate limit hit", Details: "details...", FBTraceID: "ABC"}
	if got, want := e.Error(), "WhatsApp API error 131056 (HTTP 400): (#131056) Pair rate limit hit: details... (fbtrace_id ABC)"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	u := &whatsapp.OutcomeUnknownError{Err: e}
	if !strings.Contains(u.Error(), "WhatsApp may have accepted the request") || !strings.Contains(u.Error(), "131056") {
		t.Errorf("OutcomeUnknownError.Error() = %q", u.Error())
	}
	var ae *whatsapp.APIError
	if !errors.As(u, &ae) || !whatsapp.IsOutcomeUnknown(u) {
		t.Error("OutcomeUnknownError must unwrap to the APIError")
	}
}
