package whatsapp_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

func TestGetPhoneNumber_sandbox(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	sb.SetPhoneNumber(sandbox.PhoneNumber{
		DisplayPhoneNumber: "+1 631-555-0199", VerifiedName: "Acme", QualityRating: "YELLOW",
		CodeVerificationStatus: "VERIFIED", NameStatus: "APPROVED", Throughput: "HIGH", MessagingLimitTier: "TIER_10K",
	})
	c := sandboxClient(t, sb, whatsapp.Cloud, nil)

	got, err := c.GetPhoneNumber(context.Background(), "") // the client's own number
	if err != nil {
		t.Fatal(err)
	}
	// The sandbox returns throughput and messaging_limit_tier only when asked
	// for them, as Graph does: seeing them proves the client asked.
	want := whatsapp.PhoneNumberInfo{
		ID: sandbox.DefaultPhoneNumberID, DisplayPhoneNumber: "+1 631-555-0199", VerifiedName: "Acme", QualityRating: "YELLOW",
		CodeVerificationStatus: "VERIFIED", NameStatus: "APPROVED", Throughput: "HIGH", MessagingLimitTier: "TIER_10K",
	}
	if *got != want {
		t.Fatalf("got %+v\nwant %+v", *got, want)
	}
	if n := countRequests(sb, http.MethodGet, "/v23.0/"+sandbox.DefaultPhoneNumberID); n != 1 {
		t.Errorf("GET /v23.0/%s requests = %d, want 1", sandbox.DefaultPhoneNumberID, n)
	}
}

// An account without throughput or a messaging tier gets empty fields, not an error.
func TestGetPhoneNumber_fieldsTheAccountLacks(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	p := sandbox.DefaultPhoneNumber
	p.Throughput, p.MessagingLimitTier = "", ""
	sb.SetPhoneNumber(p)
	got, err := sandboxClient(t, sb, whatsapp.Cloud, nil).GetPhoneNumber(context.Background(), sandbox.DefaultPhoneNumberID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Throughput != "" || got.MessagingLimitTier != "" || got.QualityRating != p.QualityRating {
		t.Fatalf("got %+v", *got)
	}
}

func TestGetPhoneNumber_unknownIDIsNotFound(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	_, err := sandboxClient(t, sb, whatsapp.Cloud, nil).GetPhoneNumber(context.Background(), "999000111")
	if !whatsapp.IsNotFound(err) {
		t.Fatalf("want not found, got %v", err)
	}
}

// On-Premises has no such call: the client says so and sends nothing (not even a login).
func TestGetPhoneNumber_onPremisesIsCloudOnly(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	_, err := sandboxClient(t, sb, whatsapp.OnPremises, nil).GetPhoneNumber(context.Background(), "")
	if !errors.Is(err, whatsapp.ErrCloudOnly) {
		t.Fatalf("want ErrCloudOnly, got %v", err)
	}
	if n := len(sb.Requests()); n != 0 || sb.Logins() != 0 {
		t.Errorf("requests = %d, logins = %d; want none", n, sb.Logins())
	}
}

// Graph's throughput is an object; a bare string (seen second-hand) is taken too.
func TestGetPhoneNumber_throughputShapes(t *testing.T) {
	for body, want := range map[string]string{
		`{"id":"1","throughput":{"level":"STANDARD"}}`: "STANDARD",
		`{"id":"1","throughput":"HIGH"}`:               "HIGH",
		`{"id":"1","throughput":null}`:                 "",
		`{"id":"1"}`:                                   "",
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(body))
		}))
		got, err := mustNew(t, fastConfig(whatsapp.Cloud, srv.URL)).GetPhoneNumber(context.Background(), "1")
		srv.Close()
		if err != nil || got.Throughput != want {
			t.Errorf("%s: got %+v, %v; want throughput %q", body, got, err, want)
		}
	}
}
