package whatsapp

import (
	"regexp"
	"strings"
)

// UserAgentPattern is the pattern Meta's OpenAPI spec declares for the
// User-Agent header of Cloud API requests: a name, "/", a three-part numeric
// version, an optional ";key=value", then at most one more "name/1.2.3".
const UserAgentPattern = `^[a-zA-Z0-9\-_]+\/[0-9]+\.[0-9]+\.[0-9]+(;[a-zA-Z0-9\-=\.]+)?(\s+[a-zA-Z0-9\-_]+\/[0-9\-\.]+)?$`

var (
	semverCoreRE  = regexp.MustCompile(`^v?([0-9]+\.[0-9]+\.[0-9]+)(?:[-+](.*))?$`)
	nameUnsafeRE  = regexp.MustCompile(`[^a-zA-Z0-9\-_]+`)
	extraUnsafeRE = regexp.MustCompile(`[^a-zA-Z0-9\-=\.]+`)
	hostVersionRE = regexp.MustCompile(`^v?([0-9][0-9.]*)`)
)

// UserAgent builds a User-Agent header that matches UserAgentPattern for any
// input, so a dev build ("dev"), a pre-release ("1.2.3-rc.1") or a pre-release
// host CLI ("1.15.0-beta1") never produce a header the spec refuses:
//
//	UserAgent("terraform-provider-whatsapp", "1.2.3", "Terraform", "1.11.0")
//	  = "terraform-provider-whatsapp/1.2.3 Terraform/1.11.0"
//	UserAgent("terraform-provider-whatsapp", "dev", "Terraform", "1.15.0-beta1")
//	  = "terraform-provider-whatsapp/0.0.0;dev Terraform/1.15.0"
//
// A version that is not X.Y.Z becomes 0.0.0 with the original kept after ";";
// a pre-release suffix moves there too. The host part keeps only its leading
// numeric version and is left out when there is none.
func UserAgent(product, version, hostProduct, hostVersion string) string {
	product = nameUnsafeRE.ReplaceAllString(product, "-")
	if product == "" {
		product = "client"
	}
	core, extra := "0.0.0", strings.TrimSpace(version)
	if m := semverCoreRE.FindStringSubmatch(extra); m != nil {
		core, extra = m[1], m[2]
	}
	extra = strings.Trim(extraUnsafeRE.ReplaceAllString(extra, "-"), "-")
	ua := product + "/" + core
	if extra != "" {
		ua += ";" + extra
	}
	hostProduct = nameUnsafeRE.ReplaceAllString(hostProduct, "-")
	if m := hostVersionRE.FindStringSubmatch(strings.TrimSpace(hostVersion)); m != nil && hostProduct != "" {
		if v := strings.Trim(m[1], "."); v != "" {
			ua += " " + hostProduct + "/" + v
		}
	}
	return ua
}
