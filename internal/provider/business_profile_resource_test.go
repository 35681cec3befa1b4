package provider

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile/mediafiletest"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

const profileAddr = "whatsapp_business_profile.this"

// profileProviderConfig is the provider block for flavor, with the app Cloud
// uploads the photo through.
func profileProviderConfig(flavor string, s *sandbox.Server) string {
	if flavor == apiCloud {
		return templateAccountConfig(s)
	}
	return onPremProviderConfig(s)
}

// profileConfig is a profile with every field; address only when withAddress.
func profileConfig(about, vertical, photo string, withAddress bool) string {
	address := ""
	if withAddress {
		address = `address     = "1 Hacker Way, Menlo Park"`
	}
	return fmt.Sprintf(`
resource "whatsapp_business_profile" "this" {
  about       = %q
  %s
  description = "Succulents, cacti and care guides."
  email       = "shop@example.com"
  vertical    = %q
  websites    = ["https://shop.example.com", "https://example.com/plants"]
  photo       = %q
}
`, about, address, vertical, photo)
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// expectProfile checks what the sandbox's profile holds.
func expectProfile(s *sandbox.Server, about, address string, photo []byte) resource.TestCheckFunc {
	return func(*terraform.State) error {
		p := s.BusinessProfile()
		if p.About != about || p.Address != address || p.Email != "shop@example.com" || len(p.Websites) != 2 {
			return fmt.Errorf("sandbox profile %+v, want about %q and address %q", p, about, address)
		}
		if p.PhotoSHA256() != sha256Hex(photo) {
			return fmt.Errorf("sandbox photo sha256 %s, want %s", p.PhotoSHA256(), sha256Hex(photo))
		}
		return nil
	}
}

// profileWrites counts the requests that change the profile or its photo.
func profileWrites(s *sandbox.Server) int {
	return countRequests(s, "POST", `whatsapp_business_profile$|/uploads$|/upload:|/settings/(business/profile|profile/photo)$`) +
		countRequests(s, "PATCH", `/settings/profile/about$`) + countRequests(s, "DELETE", `/settings/profile/photo$`)
}

func expectProfileWrites(s *sandbox.Server, n *int, more int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := profileWrites(s); got != *n+more {
			return fmt.Errorf("the sandbox saw %d profile writes, want %d", got, *n+more)
		}
		*n += more
		return nil
	}
}

// TestAccBusinessProfile_lifecycle, on both APIs: create over an existing
// profile, a plan with no changes, an update of text and photo bytes, drift of
// both fixed by the next apply, import, removing an argument (its earlier
// value comes back) and destroy (every managed field's earlier value comes back).
func TestAccBusinessProfile_lifecycle(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			t.Parallel()
			s := startSandbox(t)
			vertical, oldVertical := "RETAIL", "OTHER"
			if flavor == apiOnPremises {
				vertical, oldVertical = "Shopping and Retail", "Other"
			}
			earlier := sandbox.BusinessProfile{About: "Hello from the old profile", Address: "Old address",
				Vertical: oldVertical, Websites: []string{"https://old.example.com"}}
			s.SetBusinessProfile(earlier)
			dir := t.TempDir()
			photo := filepath.Join(dir, "logo.png")
			png1, png2 := mediafiletest.PNG(64, 64, 1), mediafiletest.PNG(64, 64, 2)
			writeFile(t, photo, png1)
			provider := profileProviderConfig(flavor, s)
			writes := 0
			// Cloud: the fields, then the photo's session, bytes and handle; On-Premises: the
			// business fields, about, then the photo.
			createWrites, photoWrites := 3, 1
			if flavor == apiCloud {
				createWrites, photoWrites = 4, 3
			}
			wantID := "business_profile"
			if flavor == apiCloud {
				wantID = sandbox.DefaultPhoneNumberID
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config: provider + profileConfig("Plants for every home", vertical, photo, true),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(profileAddr, tfjsonpath.New("id"), knownvalue.StringExact(wantID)),
							statecheck.ExpectKnownValue(profileAddr, tfjsonpath.New("photo_sha256"), knownvalue.StringExact(sha256Hex(png1))),
						},
						Check: resource.ComposeTestCheckFunc(expectProfile(s, "Plants for every home", "1 Hacker Way, Menlo Park", png1),
							expectProfileWrites(s, &writes, createWrites)),
					},
					{
						Config:           provider + profileConfig("Plants for every home", vertical, photo, true),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
						Check:            expectProfileWrites(s, &writes, 0),
					},
					{
						// New bytes behind the same path, and a new about: one update.
						PreConfig: func() { writeFile(t, photo, png2) },
						Config:    provider + profileConfig("Plants and pots for every home", vertical, photo, true),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(profileAddr, plancheck.ResourceActionUpdate),
							plancheck.ExpectKnownValue(profileAddr, tfjsonpath.New("photo_sha256"), knownvalue.StringExact(sha256Hex(png2))),
						}},
						Check: resource.ComposeTestCheckFunc(expectProfile(s, "Plants and pots for every home", "1 Hacker Way, Menlo Park", png2),
							expectProfileWrites(s, &writes, 1+photoWrites)),
					},
					{
						// Someone edits about and the photo in the WhatsApp Manager: the plan puts both back.
						PreConfig: func() {
							p := s.BusinessProfile()
							p.About, p.Photo = "Edited by hand", mediafiletest.PNG(32, 32, 9)
							s.SetBusinessProfile(p)
						},
						Config: provider + profileConfig("Plants and pots for every home", vertical, photo, true),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(profileAddr, plancheck.ResourceActionUpdate),
						}},
						Check: resource.ComposeTestCheckFunc(expectProfile(s, "Plants and pots for every home", "1 Hacker Way, Menlo Park", png2),
							expectProfileWrites(s, &writes, 1+photoWrites)),
					},
					{
						ResourceName:            profileAddr,
						ImportState:             true,
						ImportStateId:           wantID,
						ImportStateVerify:       true,
						ImportStateVerifyIgnore: []string{"photo", "photo_sha256", "photo_url"},
					},
					{
						// Without address, the address the profile had before Terraform comes back.
						Config: provider + profileConfig("Plants and pots for every home", vertical, photo, false),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(profileAddr, plancheck.ResourceActionUpdate),
						}},
						Check: resource.ComposeTestCheckFunc(expectProfile(s, "Plants and pots for every home", "Old address", png2),
							expectProfileWrites(s, &writes, 1)),
					},
				},
				CheckDestroy: func(*terraform.State) error {
					p := s.BusinessProfile()
					if p.About != earlier.About || p.Address != earlier.Address || p.Vertical != earlier.Vertical ||
						!slices.Equal(p.Websites, earlier.Websites) || p.Description != "" || p.Email != "" {
						return fmt.Errorf("after destroy the profile is %+v, want the earlier one %+v", p, earlier)
					}
					// On-Premises removes the photo Terraform set; Cloud has no call to.
					if keep := p.Photo != nil; keep != (flavor == apiCloud) {
						return fmt.Errorf("after destroy the profile has a photo: %v", keep)
					}
					return nil
				},
			})
		})
	}
}

// TestAccBusinessProfile_invalidConfigSendsNothing: each value the API would
// refuse fails at plan time on its attribute, and nothing reaches the API.
func TestAccBusinessProfile_invalidConfigSendsNothing(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	dir := t.TempDir()
	gif := filepath.Join(dir, "logo.gif")
	writeFile(t, gif, []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"))
	big := filepath.Join(dir, "big.png")
	writeFile(t, big, append(mediafiletest.PNG(8, 8, 1), make([]byte, 5<<20)...))
	png := filepath.Join(dir, "ok.png")
	writeFile(t, png, mediafiletest.PNG(8, 8, 1))
	res := func(body string) string { return "resource \"whatsapp_business_profile\" \"x\" {\n" + body + "\n}\n" }
	cases := []struct {
		name, flavor, body, want string
	}{
		{"about too long", apiCloud, `about = "` + strings.Repeat("a", 140) + `"`, `(?s)Attribute about string length must be between 1 and 139`},
		{"about empty", apiOnPremises, `about = ""`, `(?s)Attribute about string length must be between 1 and 139`},
		{"address too long", apiCloud, `address = "` + strings.Repeat("a", 257) + `"`, `(?s)address.*at most 256`},
		{"description too long", apiOnPremises, `description = "` + strings.Repeat("a", 513) + `"`, `(?s)description.*at most 512`},
		{"email", apiCloud, `email = "Shop <shop@example.com>"`, `(?s)Invalid Business Profile Email.*without a name`},
		{"vertical on cloud", apiCloud, `vertical = "Retail"`, `(?s)Invalid Business Profile Vertical.*RETAIL`},
		{"vertical too long on-premises", apiOnPremises, `vertical = "` + strings.Repeat("a", 129) + `"`, `(?s)vertical.*between 1 and 128`},
		{"three websites", apiCloud, `websites = ["https://a.example", "https://b.example", "https://c.example"]`, `(?s)websites.*at most 2`},
		{"website without scheme", apiOnPremises, `websites = ["shop.example.com"]`, `(?s)Invalid URL.*https://`},
		{"photo a gif", apiOnPremises, fmt.Sprintf(`photo = %q`, gif), `(?s)Profile Photo of the Wrong Type.*image/gif`},
		{"photo over 5 MB", apiCloud, fmt.Sprintf(`photo = %q`, big), `(?s)Profile Photo Too Large.*5\.0 MB`},
		{"photo missing", apiOnPremises, fmt.Sprintf(`photo = %q`, filepath.Join(dir, "none.png")), `(?s)Unable to Read WhatsApp Profile Photo`},
	}
	s := startSandbox(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      profileProviderConfig(tc.flavor, s) + res(tc.body),
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
	t.Run("cloud photo without app_id", func(t *testing.T) {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config:      cloudProviderConfig(s) + res(fmt.Sprintf(`photo = %q`, png)),
				ExpectError: regexp.MustCompile(`(?s)Missing WhatsApp App ID.*WHATSAPP_APP_ID`),
			}},
		})
	})
	if n := len(s.Requests()); n != 0 {
		t.Fatalf("%d requests reached the API, want 0: %+v", n, s.Requests())
	}
}

// TestAccBusinessProfile_apiErrorIsExplained: a write the API refuses fails
// the apply with what was attempted and the API's code and title, and leaves
// nothing in state.
func TestAccBusinessProfile_apiErrorIsExplained(t *testing.T) {
	s := startSandbox(t)
	s.InjectFault(sandbox.Fault{Kind: sandbox.FaultStatus, Method: "POST", PathSuffix: "/whatsapp_business_profile", Times: 1,
		Status: 403, Code: 200, Title: "(#200) Your app doesn't have permission to modify this WhatsApp Business Profile"})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: profileProviderConfig(apiCloud, s) + `resource "whatsapp_business_profile" "this" { about = "Plants" }`,
			ExpectError: regexp.MustCompile(`(?s)Unable to Set WhatsApp Business Profile.*Writing the profile's fields\s+failed.*` +
				`WhatsApp error code 200 \(HTTP 403\).*permission\s+to\s+modify.*whatsapp_business_management`),
		}},
		CheckDestroy: func(*terraform.State) error {
			if p := s.BusinessProfile(); p.About != "" {
				return fmt.Errorf("the refused write changed the profile: %+v", p)
			}
			return nil
		},
	})
}
