package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile/mediafiletest"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// Template sends checked against the template at plan time (issue 31): each
// refusal is an error on the attribute to change, and the sandbox receives
// no send.

// templateLookups counts the template lookups the sandbox answered (the
// business account's list, by name).
func templateLookups(s *sandbox.Server) int {
	return countRequests(s, "GET", `/message_templates$`)
}

// templateSend is a whatsapp_media_message of type typ with a template
// block holding lines.
func templateSend(typ, lines string) string {
	return fmt.Sprintf(`
resource "whatsapp_media_message" "m" {
  to   = "+16315551001"
  type = %q
  link = "https://cdn.example.com/kit.%s"
  template = {
%s
  }
}
`, typ, map[string]string{"image": "png", "document": "pdf", "video": "mp4"}[typ], lines)
}

// TestAccTemplateCheck_refusedAtPlan: with the Cloud API and the business
// account, every send WhatsApp would refuse for its template is refused by
// the plan, on the attribute to change, and nothing reaches /messages.
func TestAccTemplateCheck_refusedAtPlan(t *testing.T) {
	t.Parallel()
	s := startSandbox(t)
	s.PutTemplate(sandbox.MessageTemplate{Name: "welcome_kit", Language: "de", Category: "MARKETING",
		Components: sandbox.WelcomeTemplate().Components})
	s.PutTemplate(sandbox.MessageTemplate{Name: "spring_offer", Language: "en_US", Category: "MARKETING",
		Status: sandbox.TemplateRejected, RejectedReason: "INVALID_FORMAT",
		Components: []sandbox.TemplateComponent{{Type: "HEADER", Format: "IMAGE"}, {Type: "BODY", Text: "Spring!"}}})
	s.PutTemplate(sandbox.MessageTemplate{Name: "order_ready", Language: "en_US", Category: "UTILITY",
		ParameterFormat: sandbox.ParameterFormatNamed,
		Components: []sandbox.TemplateComponent{{Type: "HEADER", Format: "DOCUMENT"},
			{Type: "BODY", Text: "Hi {{first_name}}, order {{order_id}} is ready."}}})
	provider := templateAccountConfig(s)
	welcome := func(extra string) string {
		return "    name = \"welcome_kit\"\n    language = \"en_US\"\n" + extra
	}
	cases := []struct {
		name, config, error string
	}{
		{"no such template", templateSend("image", `    name = "no_such_template"
    language = "en_US"`), `(?s)WhatsApp Template Not Found.*no template named "no_such_template"`},
		{"not in this language", templateSend("image", `    name = "welcome_kit"
    language = "fr"
    body_parameters = ["Ana"]`), `(?s)Not Found in This Language.*exists in de, en_US, not in fr`},
		{"rejected", templateSend("image", `    name = "spring_offer"
    language = "en_US"`), `(?s)WhatsApp Template Not Approved.*named in template.name, is REJECTED \(rejected reason: INVALID_FORMAT\)`},
		{"header of another type", templateSend("document", welcome(`    body_parameters = ["Ana"]`)),
			`(?s)Template Header Does Not Take This Media.*with whatsapp_media_message.m,.*:\s+\d+:\s+type\s+=\s+"document".*has an IMAGE header, and this document message`},
		{"body parameter count", templateSend("image", welcome(`    body_parameters = ["Ana", "again"]`)),
			`(?s)has 1 body variable\(s\).*gives 2 value\(s\)`},
		{"no such button", templateSend("image", welcome(`    body_parameters = ["Ana"]
    buttons = [{ index = 3, sub_type = "quick_reply", parameter = "STOP" }]`)),
			`(?s)Template Has No Such Button.*has 1 button\(s\) \(index 0 to 0\)`},
		{"button of another kind", templateSend("image", welcome(`    body_parameters = ["Ana"]
    buttons = [{ index = 0, sub_type = "url", parameter = "spring" }]`)),
			`(?s)Template Button of Another Kind.*is QUICK_REPLY.*fills it as url`},
		{"positional parameters for a named template", templateSend("document", `    name = "order_ready"
    language = "en_US"
    body_parameters = ["Ana", "A-1"]`), `(?s)Template Takes Named Parameters.*\{\{first_name\}\}, \{\{order_id\}\}`},
		{"named parameters that do not fit", templateSend("document", `    name = "order_ready"
    language = "en_US"
    body_named_parameters = { first_name = "Ana", order = "A-1" }`),
			`(?s)body_named_parameters lacks order_id and names order, which the template does not have`},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      provider + c.config,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(strings.ReplaceAll(c.error, " ", `\s+`)),
		})
	}
	steps = append(steps, resource.TestStep{
		// The same send, right: planned and sent.
		Config: provider + templateSend("image", welcome(`    body_parameters = ["Ana"]
    buttons = [{ index = 0, sub_type = "quick_reply", parameter = "STOP" }]`)),
		PreConfig: func() {
			if n := sendRequests(s); n != 0 {
				t.Fatalf("the refused plans made %d send requests, want 0", n)
			}
		},
		Check: expectSends(s, 1),
	})
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: steps})
}

// TestAccTemplateCheck_plannedTemplate: a message that names a template the
// same configuration creates is checked against what the plan creates, not
// looked up (it does not exist yet): a wrong body parameter count is refused
// before the template is created or anything sent. The NAMED template is
// then created (reviewed with its named samples) and sent by name.
func TestAccTemplateCheck_plannedTemplate(t *testing.T) {
	t.Parallel()
	s := startSandbox(t)
	s.SetTemplateReview(sandbox.TemplateReview{Delay: 200 * time.Millisecond})
	png := filepath.Join(t.TempDir(), "banner.png")
	writeFile(t, png, mediafiletest.PNG(24, 24, 1))
	template := fmt.Sprintf(`
resource "whatsapp_message_template" "ready" {
  name                = "order_ready"
  language            = "en_US"
  category            = "UTILITY"
  parameter_format    = "NAMED"
  header_format       = "IMAGE"
  header_example      = %q
  body                = "Hi {{first_name}}, your order {{order_id}} is ready."
  body_named_examples = { first_name = "Jessica", order_id = "SKBUP2" }
  wait_for_approval   = true
  review_timeout      = "30s"
}
`, png)
	send := func(params string) string {
		return fmt.Sprintf(`
resource "whatsapp_media_message" "m" {
  to   = "+16315551001"
  type = "image"
  link = "https://cdn.example.com/order.png"
  template = {
    name                  = whatsapp_message_template.ready.name
    language              = whatsapp_message_template.ready.language
    body_named_parameters = %s
  }
}
`, params)
	}
	provider := templateAccountConfig(s)
	creates := func() int { return countRequests(s, "POST", `/message_templates$`) }
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      provider + template + send(`{ first_name = "Ana" }`),
				ExpectError: regexp.MustCompile(`(?s)as whatsapp_message_template plans it.*lacks order_id`),
			},
			{
				PreConfig: func() {
					if n, c, l := sendRequests(s), creates(), templateLookups(s); n+c+l != 0 {
						t.Fatalf("the refused plan made %d sends, %d template creates and %d lookups, want none", n, c, l)
					}
				},
				Config: provider + template + send(`{ first_name = "Ana", order_id = "A-1042" }`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("whatsapp_message_template.ready", tfjsonpath.New("status"), knownvalue.StringExact("APPROVED")),
					statecheck.ExpectKnownValue("whatsapp_message_template.ready", tfjsonpath.New("parameter_format"), knownvalue.StringExact("NAMED")),
					statecheck.ExpectKnownValue("whatsapp_message_template.ready", tfjsonpath.New("body_parameter_count"), knownvalue.Int64Exact(2)),
				},
				Check: resource.ComposeTestCheckFunc(expectSends(s, 1), func(*terraform.State) error {
					m := s.Messages()[0]
					body := string(m.Body)
					for _, want := range []string{`"parameter_name":"first_name"`, `"parameter_name":"order_id"`, `"text":"A-1042"`} {
						if !strings.Contains(body, want) {
							return fmt.Errorf("the send lacks %s: %s", want, body)
						}
					}
					if m.Failure != nil {
						return fmt.Errorf("the named template send failed: %+v", m.Failure)
					}
					t, ok := sandboxTemplate(s, "order_ready")
					if !ok || t.ParameterFormat != sandbox.ParameterFormatNamed {
						return fmt.Errorf("the sandbox holds the template as %+v", t)
					}
					return nil
				}),
			},
			{
				// Created: its planned values now carry its status, and the check still holds.
				Config:             provider + template + strings.Replace(send(`{ first_name = "Ana", order_id = "A-1042" }`), "+16315551001", "+16315551002", 1),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				Config:   provider + template + send(`{ first_name = "Ana", order_id = "A-1042" }`),
				PlanOnly: true,
			},
		},
	})
}

// TestAccTemplateCheck_namedExample applies examples/named_template as a
// user would (init, apply, an empty plan, destroy): the NAMED template is
// created and approved, then each customer is sent it, filled in by name.
// Not parallel: it sets the environment and the working directory.
func TestAccTemplateCheck_namedExample(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	s := startSandbox(t)
	s.SetTemplateReview(sandbox.TemplateReview{Delay: 300 * time.Millisecond})
	setProviderEnv(t, map[string]string{envAPI: apiCloud, envBaseURL: s.URL(), envPhoneNumberID: sandbox.DefaultPhoneNumberID,
		envAccessToken: sandbox.DefaultAccessToken, envBusinessAccountID: sandbox.DefaultBusinessAccountID, envAppID: sandbox.DefaultAppID})
	dir := filepath.Join(t.TempDir(), "named_template")
	examples := examplesRoot()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(examples, "named_template"))); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	tf := newTerraformCLI(t, dir).run
	vars := []string{`-var=orders={"+1 631 555 1001" = {first_name = "Ana", order_id = "A-1042"}, "16315551002" = {first_name = "Ben", order_id = "A-1043"}}`,
		"-var=pickup_image_url=https://cdn.example.com/pickup.png"}
	tf("init", "-input=false")
	tf(append([]string{"apply", "-auto-approve", "-input=false"}, vars...)...)
	msgs := s.Messages()
	if len(msgs) != 2 {
		t.Fatalf("the sandbox took %d messages, want 2", len(msgs))
	}
	for _, m := range msgs {
		body := string(m.Body)
		if m.Failure != nil || !strings.Contains(body, `"parameter_name":"first_name"`) || !strings.Contains(body, `"parameter_name":"order_id"`) {
			t.Errorf("message to %s: failure %+v, body %s", m.To, m.Failure, body)
		}
	}
	tf(append([]string{"plan", "-detailed-exitcode", "-input=false"}, vars...)...)
	tf(append([]string{"destroy", "-auto-approve", "-input=false"}, vars...)...)
	if n := len(s.Messages()); n != 2 {
		t.Errorf("plan and destroy sent %d more messages", n-2)
	}
}

// TestAccTemplateCheck_namedValueUnknownAtPlan: a named parameter whose value
// is known only at apply (another resource's output) passes the plan-time
// check, which needs only the names, and is sent with its value.
func TestAccTemplateCheck_namedValueUnknownAtPlan(t *testing.T) {
	t.Parallel()
	s := startSandbox(t)
	s.PutTemplate(sandbox.MessageTemplate{Name: "order_ready", Language: "en_US", Category: "UTILITY",
		ParameterFormat: sandbox.ParameterFormatNamed,
		Components: []sandbox.TemplateComponent{{Type: "HEADER", Format: "DOCUMENT"},
			{Type: "BODY", Text: "Hi {{first_name}}, order {{order_id}} is ready."}}})
	config := templateAccountConfig(s) + `
resource "terraform_data" "order" {
  input = "A-1"
}
` + templateSend("document", `    name = "order_ready"
    language = "en_US"
    body_named_parameters = { first_name = "Ana", order_id = terraform_data.order.output }`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			Check: resource.ComposeTestCheckFunc(expectSends(s, 1), func(*terraform.State) error {
				if body := string(s.Messages()[0].Body); !strings.Contains(body, `"A-1"`) || !strings.Contains(body, `"order_id"`) {
					return fmt.Errorf("the send lacks the apply-time value of order_id: %s", body)
				}
				return nil
			}),
		}},
	})
}
