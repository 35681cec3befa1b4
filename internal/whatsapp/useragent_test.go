package whatsapp

import (
	"regexp"
	"testing"
)

// ValidUserAgent reports whether ua matches UserAgentPattern, as Meta's spec
// asks of every request's User-Agent.
func ValidUserAgent(ua string) bool { return regexp.MustCompile(UserAgentPattern).MatchString(ua) }

func TestUserAgent_matchesTheSpecPatternForEveryBuild(t *testing.T) {
	cases := []struct {
		version, hostVersion, want string
	}{
		{"1.2.3", "1.11.0", "terraform-provider-whatsapp/1.2.3 Terraform/1.11.0"},
		{"v1.2.3", "v1.11.0", "terraform-provider-whatsapp/1.2.3 Terraform/1.11.0"},
		{"dev", "1.11.0", "terraform-provider-whatsapp/0.0.0;dev Terraform/1.11.0"},
		{"test", "", "terraform-provider-whatsapp/0.0.0;test"},
		{"", "", "terraform-provider-whatsapp/0.0.0"},
		{"1.2.3-rc.1", "1.15.0-beta1", "terraform-provider-whatsapp/1.2.3;rc.1 Terraform/1.15.0"},
		{"1.2.3+build.7", "1.15.0-alpha20250101", "terraform-provider-whatsapp/1.2.3;build.7 Terraform/1.15.0"},
		{"0.1.0-SNAPSHOT-abc123", "1.9", "terraform-provider-whatsapp/0.1.0;SNAPSHOT-abc123 Terraform/1.9"},
		{"1.2", "unknown", "terraform-provider-whatsapp/0.0.0;1.2"},
		{"weird version/with spaces;and=stuff", "1.12.6", "terraform-provider-whatsapp/0.0.0;weird-version-with-spaces-and=stuff Terraform/1.12.6"},
		{"1.2.3 \n", "1.11.0\n", "terraform-provider-whatsapp/1.2.3 Terraform/1.11.0"},
	}
	for _, c := range cases {
		got := UserAgent("terraform-provider-whatsapp", c.version, "Terraform", c.hostVersion)
		if got != c.want {
			t.Errorf("UserAgent(%q, %q) = %q, want %q", c.version, c.hostVersion, got, c.want)
		}
		if !ValidUserAgent(got) {
			t.Errorf("UserAgent(%q, %q) = %q does not match the spec pattern", c.version, c.hostVersion, got)
		}
	}
}

func TestDefaultUserAgent_matchesTheSpecPattern(t *testing.T) {
	if !ValidUserAgent(DefaultUserAgent) {
		t.Fatalf("DefaultUserAgent %q does not match %s", DefaultUserAgent, UserAgentPattern)
	}
}

// The pattern itself, on the spec's own example and on what the old builds sent.
func TestValidUserAgent(t *testing.T) {
	for ua, want := range map[string]bool{
		"Meta-Business-Messaging-OpenAPI/1.0.0;spec=2025-10-21":        true,
		"terraform-provider-whatsapp/1.2.3 Terraform/1.11.0":           true,
		"terraform-provider-whatsapp/test Terraform/1.11.0":            false,
		"terraform-provider-whatsapp/1.2.3 Terraform/1.15.0-beta1":     false,
		"terraform-provider-whatsapp":                                  false,
		"Go-http-client/1.1":                                           false,
		"terraform-provider-whatsapp/1.2.3 Terraform/1.11.0 extra/1.0": false,
	} {
		if got := ValidUserAgent(ua); got != want {
			t.Errorf("ValidUserAgent(%q) = %v, want %v", ua, got, want)
		}
	}
}
