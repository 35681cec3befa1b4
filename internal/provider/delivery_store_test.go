package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// TestDeliveryStoreSettings: the store is off without a URL, needs its token
// with one, and takes both from the environment; the token's file newline is
// dropped.
func TestDeliveryStoreSettings(t *testing.T) {
	for name, tc := range map[string]struct {
		model     providerModel
		env       map[string]string
		wantURL   string // "" means no store
		wantToken string
		wantErr   string
	}{
		"off":           {},
		"configured":    {model: providerModel{DeliveryStoreURL: types.StringValue("http://r:8080"), DeliveryStoreToken: types.StringValue("t0k\n")}, wantURL: "http://r:8080", wantToken: "t0k"},
		"environment":   {env: map[string]string{envDeliveryStoreURL: "https://r", envDeliveryStoreToken: "e"}, wantURL: "https://r", wantToken: "e"},
		"config wins":   {model: providerModel{DeliveryStoreURL: types.StringValue("http://c")}, env: map[string]string{envDeliveryStoreURL: "http://e", envDeliveryStoreToken: "e"}, wantURL: "http://c", wantToken: "e"},
		"token missing": {model: providerModel{DeliveryStoreURL: types.StringValue("http://r")}, wantErr: "needs its read token"},
		"url missing":   {env: map[string]string{envDeliveryStoreToken: "e"}, wantErr: "no URL says where it is"},
	} {
		t.Run(name, func(t *testing.T) {
			c, diags := newDeliveryStore(tc.model, mapEnv(tc.env))
			if tc.wantErr != "" {
				if !diags.HasError() || !strings.Contains(diags[0].Detail(), tc.wantErr) {
					t.Fatalf("diags = %v, want an error saying %q", diags, tc.wantErr)
				}
				return
			}
			if diags.HasError() {
				t.Fatal(diags)
			}
			switch {
			case tc.wantURL == "" && c != nil:
				t.Fatalf("a store at %s, want none", c.BaseURL)
			case tc.wantURL != "" && (c == nil || c.BaseURL != tc.wantURL || c.Token != tc.wantToken):
				t.Fatalf("store = %+v, want %s with token %q", c, tc.wantURL, tc.wantToken)
			}
		})
	}
}
