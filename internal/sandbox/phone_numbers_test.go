package sandbox

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
)

func TestCloudPhoneNumber_defaultFields(t *testing.T) {
	s := start(t, Options{})
	r := do(t, http.MethodGet, s.URL()+"/v23.0/"+testPhone, nil, bearer(testToken))
	if r.status != http.StatusOK {
		t.Fatalf("GET: %d %s", r.status, r.body)
	}
	got := r.json(t)
	want := map[string]any{
		"id":                       testPhone,
		"display_phone_number":     DefaultPhoneNumber.DisplayPhoneNumber,
		"verified_name":            DefaultPhoneNumber.VerifiedName,
		"quality_rating":           "GREEN",
		"code_verification_status": DefaultPhoneNumber.CodeVerificationStatus,
		"name_status":              DefaultPhoneNumber.NameStatus,
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("without fields, got %v\nwant %v (throughput and messaging_limit_tier only when asked for)", got, want)
	}
}

func TestCloudPhoneNumber_fieldsAskedFor(t *testing.T) {
	s := start(t, Options{})
	r := do(t, http.MethodGet, s.URL()+"/v23.0/"+testPhone+"?fields=quality_rating,throughput,messaging_limit_tier",
		nil, bearer(testToken))
	got := r.json(t)
	want := map[string]any{
		"id":                   testPhone,
		"quality_rating":       "GREEN",
		"throughput":           map[string]any{"level": "STANDARD"},
		"messaging_limit_tier": "TIER_1K",
	}
	if r.status != http.StatusOK || !reflect.DeepEqual(got, want) {
		t.Fatalf("got %d %v\nwant %v", r.status, got, want)
	}
}

func TestCloudPhoneNumber_unknownFieldIsAnError(t *testing.T) {
	s := start(t, Options{})
	r := do(t, http.MethodGet, s.URL()+"/v23.0/"+testPhone+"?fields=quality_rating,colour", nil, bearer(testToken))
	e := cloudErr(t, r)
	if r.status != http.StatusBadRequest || e.Code != 100 || !strings.Contains(e.Message, "nonexisting field (colour)") {
		t.Fatalf("got %d %+v", r.status, e)
	}
}

func TestCloudPhoneNumber_needsToken(t *testing.T) {
	s := start(t, Options{})
	r := do(t, http.MethodGet, s.URL()+"/v23.0/"+testPhone, nil, bearer("nope"))
	if e := cloudErr(t, r); r.status != http.StatusUnauthorized || e.Code != 190 {
		t.Fatalf("got %d %+v", r.status, e)
	}
}

// Another numeric ID is not the phone number: it is looked up as media.
func TestCloudPhoneNumber_otherIDIsNoObject(t *testing.T) {
	s := start(t, Options{})
	r := do(t, http.MethodGet, s.URL()+"/v23.0/999000111?fields=quality_rating", nil, bearer(testToken))
	if e := cloudErr(t, r); r.status != http.StatusBadRequest || e.Code != 100 || e.Subcode != 33 {
		t.Fatalf("got %d %+v", r.status, e)
	}
}

func TestCloudPhoneNumber_setFromGoAndControlAPI(t *testing.T) {
	s := start(t, Options{})
	p := DefaultPhoneNumber
	p.QualityRating, p.Throughput = "YELLOW", ""
	s.SetPhoneNumber(p)
	got := do(t, http.MethodGet, s.URL()+"/v23.0/"+testPhone+"?fields=quality_rating,throughput", nil, bearer(testToken)).json(t)
	if want := map[string]any{"id": testPhone, "quality_rating": "YELLOW"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("after SetPhoneNumber: got %v, want %v (an empty throughput is left out)", got, want)
	}

	r := do(t, http.MethodPost, s.URL()+"/_sandbox/phone-number", strings.NewReader(`{"quality_rating":"RED","messaging_limit_tier":"TIER_10K"}`), nil)
	if r.status != http.StatusOK || r.json(t)["quality_rating"] != "RED" {
		t.Fatalf("POST /_sandbox/phone-number: %d %s", r.status, r.body)
	}
	if now := s.PhoneNumber(); now.QualityRating != "RED" || now.MessagingLimitTier != "TIER_10K" || now.VerifiedName != p.VerifiedName {
		t.Fatalf("after POST: %+v (fields left out must keep their value)", now)
	}
	if r := do(t, http.MethodGet, s.URL()+"/_sandbox/phone-number", nil, nil); r.json(t)["quality_rating"] != "RED" {
		t.Fatalf("GET /_sandbox/phone-number: %s", r.body)
	}
	if r := do(t, http.MethodPost, s.URL()+"/_sandbox/phone-number", strings.NewReader(`{"quality":"RED"}`), nil); r.status != http.StatusBadRequest {
		t.Fatalf("an unknown control field: %d %s, want 400", r.status, r.body)
	}

	s.Reset()
	if now := s.PhoneNumber(); now != DefaultPhoneNumber {
		t.Fatalf("after Reset: %+v, want the default", now)
	}
}
