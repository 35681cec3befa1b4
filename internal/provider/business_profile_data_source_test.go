package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile/mediafiletest"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// TestAccBusinessProfileDataSource reads the profile on both APIs: what the
// profile has, null for what it has not, and Cloud's photo URL.
func TestAccBusinessProfileDataSource(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			t.Parallel()
			s := startSandbox(t)
			s.SetBusinessProfile(sandbox.BusinessProfile{About: "Plants for every home", Vertical: "RETAIL",
				Websites: []string{"https://shop.example.com"}, Photo: mediafiletest.PNG(8, 8, 3), PhotoType: "image/png"})
			const addr = "data.whatsapp_business_profile.this"
			var photoURL knownvalue.Check = knownvalue.Null()
			if flavor == apiCloud {
				photoURL = knownvalue.StringRegexp(regexp.MustCompile(`^` + regexp.QuoteMeta(s.URL()) + `/_sandbox/profile-photo/\d+$`))
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: providerConfigFor(flavor, s) + `data "whatsapp_business_profile" "this" {}`,
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("about"), knownvalue.StringExact("Plants for every home")),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("address"), knownvalue.Null()),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("vertical"), knownvalue.StringExact("RETAIL")),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("websites"),
							knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("https://shop.example.com")})),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("photo_url"), photoURL),
					},
				}},
			})
		})
	}
}
