package provider

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// templateGuardedSend reads a template and sends welcome media through it
// only when the template is approved, has an IMAGE header and takes as many
// body parameters as given: the preconditions run at plan time.
func templateGuardedSend(s *sandbox.Server, name string) string {
	return templateAccountConfig(s) + fmt.Sprintf(`
data "whatsapp_message_template" "t" {
  name     = %q
  language = "en_US"
}

resource "whatsapp_media_message" "m" {
  to   = "16315551003"
  type = "image"
  link = "https://cdn.example.com/kit.png"
  template = {
    name            = data.whatsapp_message_template.t.name
    language        = data.whatsapp_message_template.t.language
    body_parameters = ["Ana"]
  }

  lifecycle {
    precondition {
      condition     = data.whatsapp_message_template.t.status == "APPROVED"
      error_message = "The template is ${data.whatsapp_message_template.t.status}, not APPROVED."
    }
    precondition {
      condition     = data.whatsapp_message_template.t.body_parameter_count == 1
      error_message = "The template takes ${data.whatsapp_message_template.t.body_parameter_count} body parameters."
    }
    precondition {
      condition     = data.whatsapp_message_template.t.header_format == "IMAGE"
      error_message = "The template's header is not an image."
    }
  }
}
`, name)
}

// TestAccMessageTemplateDataSource: the data source reads a template by name
// and language; a send guarded by it goes out for an approved template, and a
// pending one stops the plan with the precondition's message, before any send.
func TestAccMessageTemplateDataSource(t *testing.T) {
	t.Parallel()
	s := startSandbox(t)
	s.SetTemplateReview(sandbox.TemplateReview{Delay: time.Hour})
	s.PutTemplate(sandbox.MessageTemplate{Name: "autumn_launch", Language: "en_US", Category: "MARKETING", Status: sandbox.TemplatePending,
		Components: []sandbox.TemplateComponent{{Type: "HEADER", Format: "IMAGE"}, {Type: "BODY", Text: "Hi {{1}}"}}})
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: []resource.TestStep{
		{
			Config: templateGuardedSend(s, "welcome_kit"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.whatsapp_message_template.t", tfjsonpath.New("status"), knownvalue.StringExact("APPROVED")),
				statecheck.ExpectKnownValue("data.whatsapp_message_template.t", tfjsonpath.New("header_format"), knownvalue.StringExact("IMAGE")),
				statecheck.ExpectKnownValue("data.whatsapp_message_template.t", tfjsonpath.New("body_parameter_count"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue("data.whatsapp_message_template.t", tfjsonpath.New("footer"), knownvalue.StringExact("Sandbox Business")),
			},
			Check: expectSends(s, 1),
		},
		{
			Config:      templateGuardedSend(s, "autumn_launch"),
			ExpectError: regexp.MustCompile(`(?s)Resource precondition failed.*The template is PENDING, not APPROVED`),
			Check:       expectSends(s, 1),
		},
		{
			Config:      templateGuardedSend(s, "no_such_template"),
			ExpectError: regexp.MustCompile(`(?s)WhatsApp Message Template Not Found.*no_such_template`),
		},
	}})
	if n := sendRequests(s); n != 1 {
		t.Errorf("%d send requests, want only the approved template's", n)
	}
}
