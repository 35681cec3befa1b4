package provider

import (
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// The header the provider sends matches Meta's spec pattern in every build:
// the "dev" of a local build, the "test" of these tests, a release, a
// pre-release, and whatever Terraform or OpenTofu version runs it.
func TestUserAgent_matchesTheSpecPattern(t *testing.T) {
	cases := []struct{ provider, terraform, want string }{
		{"dev", "1.11.0", "terraform-provider-whatsapp/0.0.0;dev Terraform/1.11.0"},
		{"test", "", "terraform-provider-whatsapp/0.0.0;test"},
		{"1.4.0", "1.15.0-beta1", "terraform-provider-whatsapp/1.4.0 Terraform/1.15.0"},
		{"1.4.0-rc1", "1.12.6", "terraform-provider-whatsapp/1.4.0;rc1 Terraform/1.12.6"},
		{"1.4.0", "1.10.0-dev", "terraform-provider-whatsapp/1.4.0 Terraform/1.10.0"},
	}
	for _, c := range cases {
		got := userAgent(c.provider, c.terraform)
		if got != c.want || !whatsapp.ValidUserAgent(got) {
			t.Errorf("userAgent(%q, %q) = %q (valid %v), want %q", c.provider, c.terraform, got, whatsapp.ValidUserAgent(got), c.want)
		}
	}
}
