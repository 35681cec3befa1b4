package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

const phoneAddr = "data.whatsapp_phone_number.sender"

func phoneChecks(want map[string]knownvalue.Check) []statecheck.StateCheck {
	var checks []statecheck.StateCheck
	for attr, v := range want {
		checks = append(checks, statecheck.ExpectKnownValue(phoneAddr, tfjsonpath.New(attr), v))
	}
	return checks
}

// Every field the sandbox's Cloud API returns lands in state; a later read
// follows the number's changes, and fields the account lacks become null.
func TestAccPhoneNumberDataSource_cloud(t *testing.T) {
	s := startSandbox(t)
	s.SetPhoneNumber(sandbox.PhoneNumber{
		DisplayPhoneNumber: "+1 631-555-0199", VerifiedName: "Acme Shop", QualityRating: "YELLOW",
		CodeVerificationStatus: "VERIFIED", NameStatus: "APPROVED", Throughput: "HIGH", MessagingLimitTier: "TIER_10K",
	})
	config := cloudProviderConfig(s) + "data \"whatsapp_phone_number\" \"sender\" {}\n"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: phoneChecks(map[string]knownvalue.Check{
					"id":                       knownvalue.StringExact(sandbox.DefaultPhoneNumberID), // the provider's phone_number_id
					"display_phone_number":     knownvalue.StringExact("+1 631-555-0199"),
					"verified_name":            knownvalue.StringExact("Acme Shop"),
					"quality_rating":           knownvalue.StringExact("YELLOW"),
					"code_verification_status": knownvalue.StringExact("VERIFIED"),
					"name_status":              knownvalue.StringExact("APPROVED"),
					"throughput":               knownvalue.StringExact("HIGH"),
					"messaging_limit_tier":     knownvalue.StringExact("TIER_10K"),
				}),
				Check: func(*terraform.State) error {
					if countRequests(s, "GET", "^"+regexp.QuoteMeta("/v23.0/"+sandbox.DefaultPhoneNumberID)) == 0 {
						return fmt.Errorf("the sandbox received no GET /v23.0/%s", sandbox.DefaultPhoneNumberID)
					}
					return nil
				},
			},
			{
				PreConfig: func() {
					p := s.PhoneNumber()
					p.QualityRating, p.Throughput, p.MessagingLimitTier = "RED", "", ""
					s.SetPhoneNumber(p)
				},
				Config: config,
				ConfigStateChecks: phoneChecks(map[string]knownvalue.Check{
					"quality_rating":       knownvalue.StringExact("RED"),
					"throughput":           knownvalue.Null(),
					"messaging_limit_tier": knownvalue.Null(),
					"verified_name":        knownvalue.StringExact("Acme Shop"),
				}),
			},
			{
				// An explicit id reads that number.
				Config: cloudProviderConfig(s) + "data \"whatsapp_phone_number\" \"sender\" {\n  id = \"" + sandbox.DefaultPhoneNumberID + "\"\n}\n",
				ConfigStateChecks: phoneChecks(map[string]knownvalue.Check{
					"id":             knownvalue.StringExact(sandbox.DefaultPhoneNumberID),
					"quality_rating": knownvalue.StringExact("RED"),
				}),
			},
		},
	})
}

func TestAccPhoneNumberDataSource_unknownID(t *testing.T) {
	s := startSandbox(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      cloudProviderConfig(s) + "data \"whatsapp_phone_number\" \"sender\" {\n  id = \"999000111\"\n}\n",
				ExpectError: regexp.MustCompile(`WhatsApp Phone Number Not Found`),
			},
			{
				Config:      cloudProviderConfig(s) + "data \"whatsapp_phone_number\" \"sender\" {\n  id = \"+1 631\"\n}\n",
				ExpectError: regexp.MustCompile(`digits only`),
			},
		},
	})
}

// On-Premises has no phone number call: the plan fails with an error that
// says so, and nothing reaches the API, not even a login.
func TestAccPhoneNumberDataSource_onPremisesIsAPlanError(t *testing.T) {
	s := startSandbox(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      onPremProviderConfig(s) + "data \"whatsapp_phone_number\" \"sender\" {}\n",
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)WhatsApp Phone Number Needs the Cloud API.*configured for the On-Premises API`),
		}},
	})
	if n := len(s.Requests()); n != 0 {
		t.Errorf("the sandbox received %d requests, want none: %+v", n, s.Requests())
	}
}

// The docs' example guards a broadcast with a precondition on
// quality_rating: with a RED rating the plan fails and nothing is sent.
// TestAccExamples_dataSources applies the same file with a YELLOW rating, and
// it sends. (terraform-plugin-testing cannot hold the example's for_each
// instances in state, so the sending half lives there.)
func TestAccPhoneNumberDataSource_exampleGuardsBroadcast(t *testing.T) {
	_, thisFile, _, _ := runtime.Caller(0)
	example, err := os.ReadFile(filepath.Join(filepath.Dir(thisFile), "..", "..", "examples", "data-sources", "whatsapp_phone_number", "data-source.tf"))
	if err != nil {
		t.Fatal(err)
	}
	s := startSandbox(t)
	p := s.PhoneNumber()
	p.QualityRating = "RED"
	s.SetPhoneNumber(p)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      cloudProviderConfig(s) + string(example),
			ExpectError: regexp.MustCompile(`(?s)Resource precondition failed.*quality rating of \+1 631-555-0100 is\s+RED`),
		}},
	})
	if n := len(s.Messages()); n != 0 {
		t.Errorf("a RED rating still sent %d messages", n)
	}
	if countRequests(s, "GET", "^"+regexp.QuoteMeta("/v23.0/"+sandbox.DefaultPhoneNumberID)) == 0 {
		t.Error("the plan never read the phone number")
	}
}
