package provider

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile/mediafiletest"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// Template sends: a whatsapp_media_message with a template block sends the
// media as the header of an approved template (the sandbox's welcome_kit,
// an image header, one body variable and a quick reply button).

// templateProviderConfig is the provider block for flavor; On-Premises also
// gets the sandbox's template namespace.
func templateProviderConfig(flavor string, s *sandbox.Server) string {
	if flavor == apiCloud {
		return cloudProviderConfig(s)
	}
	return fmt.Sprintf(`
provider "whatsapp" {
  api                = "on_premises"
  base_url           = %q
  username           = %q
  password           = %q
  template_namespace = %q
}
`, s.URL(), sandbox.DefaultUsername, sandbox.DefaultPassword, sandbox.DefaultTemplateNamespace)
}

// templateSends is a media upload and two template sends of welcome_kit to
// the same customer: one by media ID following the file's content, one by
// link. greeting is the body's {{1}}.
func templateSends(png, greeting string) string {
	return fmt.Sprintf(`
resource "whatsapp_media" "kit" {
  source = %q
}

resource "whatsapp_media_message" "by_id" {
  to           = "+1 631-555-1003"
  type         = whatsapp_media.kit.media_type
  media_id     = whatsapp_media.kit.id
  media_sha256 = whatsapp_media.kit.sha256
  template = {
    name            = "welcome_kit"
    language        = "en_US"
    body_parameters = [%q]
    buttons         = [{ index = 0, sub_type = "quick_reply", parameter = "STOP" }]
  }
}

resource "whatsapp_media_message" "by_link" {
  to   = "16315551003"
  type = "image"
  link = "https://cdn.example.com/kit.png"
  template = {
    name            = "welcome_kit"
    language        = "en_US"
    body_parameters = [%q]
  }
}
`, png, greeting, greeting)
}

// templateOf returns the "template" object of a stored send.
func sentTemplate(m sandbox.ReceivedMessage) (map[string]any, error) {
	var body map[string]any
	if err := json.Unmarshal(m.Body, &body); err != nil {
		return nil, err
	}
	t, ok := body["template"].(map[string]any)
	if !ok || body["type"] != "template" {
		return nil, fmt.Errorf("not a template send: %s", m.Body)
	}
	return t, nil
}

// expectTemplateSends checks the sandbox's messages are template sends whose
// header is the upload (by ID) or the link, with the greeting in the body,
// the flavor's namespace and the deterministic language policy.
func expectTemplateSends(s *sandbox.Server, flavor string, n int, greeting string) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		msgs := s.Messages()
		if len(msgs) != n {
			return fmt.Errorf("the sandbox has %d messages, want %d", len(msgs), n)
		}
		mediaID, err := stateID(st, "whatsapp_media.kit")
		if err != nil {
			return err
		}
		for _, m := range msgs[len(msgs)-2:] {
			tmpl, err := sentTemplate(m)
			if err != nil {
				return err
			}
			comps := tmpl["components"].([]any)
			header := comps[0].(map[string]any)["parameters"].([]any)[0].(map[string]any)
			image := header["image"].(map[string]any)
			if image["id"] != mediaID && image["link"] != "https://cdn.example.com/kit.png" {
				return fmt.Errorf("header %v is neither the upload %s nor the link", image, mediaID)
			}
			body := comps[1].(map[string]any)["parameters"].([]any)[0].(map[string]any)
			if body["text"] != greeting {
				return fmt.Errorf("body parameter %v, want %q", body, greeting)
			}
			lang := tmpl["language"].(map[string]any)
			if lang["code"] != "en_US" || lang["policy"] != "deterministic" {
				return fmt.Errorf("language %v", lang)
			}
			ns, hasNS := tmpl["namespace"]
			if (flavor == apiOnPremises) != hasNS || (hasNS && ns != sandbox.DefaultTemplateNamespace) {
				return fmt.Errorf("%s send has namespace %v", flavor, ns)
			}
			if m.Failure != nil {
				return fmt.Errorf("template send %s failed: %+v", m.ID, *m.Failure)
			}
		}
		return nil
	}
}

// TestAccMediaMessageTemplate_sends: template sends on both flavors by media
// ID and by link are taken by the sandbox (which checks them against the
// stored template); a second plan is empty; the same file uploaded again sends
// nothing; a changed body parameter sends both again, and the plan says so.
func TestAccMediaMessageTemplate_sends(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			t.Parallel()
			s := startSandbox(t)
			png := filepath.Join(t.TempDir(), "kit.png")
			writeFile(t, png, mediafiletest.PNG(16, 16, 3))
			provider := templateProviderConfig(flavor, s)
			var mediaID string
			resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: []resource.TestStep{
				{
					Config: provider + templateSends(png, "Ana"),
					Check: resource.ComposeTestCheckFunc(expectTemplateSends(s, flavor, 2, "Ana"), func(st *terraform.State) error {
						var err error
						mediaID, err = stateID(st, "whatsapp_media.kit")
						return err
					}),
				},
				{
					// The same bytes uploaded again (media deleted on the server) send nothing.
					PreConfig: func() { s.DeleteMedia(mediaID) },
					Config:    provider + templateSends(png, "Ana"),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("whatsapp_media.kit", plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction("whatsapp_media_message.by_id", plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction("whatsapp_media_message.by_link", plancheck.ResourceActionNoop),
					}},
					Check: expectSends(s, 2),
				},
				{
					Config: provider + templateSends(png, "Ana María"),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("whatsapp_media_message.by_id", plancheck.ResourceActionReplace),
						plancheck.ExpectResourceAction("whatsapp_media_message.by_link", plancheck.ResourceActionReplace),
					}},
					ExpectNonEmptyPlan: false,
					Check:              expectTemplateSends(s, flavor, 4, "Ana María"),
				},
			}})
		})
	}
}

// TestAccMediaMessageTemplate_windowTruth: to a customer who never wrote, the
// free-form image is accepted (the apply succeeds, as it would on WhatsApp)
// and ends failed with 131047 in the sandbox, while the template send to the
// same customer is delivered. After the customer writes, a free-form message
// reaches them.
func TestAccMediaMessageTemplate_windowTruth(t *testing.T) {
	t.Parallel()
	s := startSandbox(t)
	config := cloudProviderConfig(s) + `
resource "whatsapp_media_message" "free_form" {
  to      = "+16315551003"
  type    = "image"
  link    = "https://cdn.example.com/kit.png"
  caption = "Our new catalogue"
}

resource "whatsapp_media_message" "template" {
  to   = "+16315551003"
  type = "image"
  link = "https://cdn.example.com/kit.png"
  template = {
    name            = "welcome_kit"
    language        = "en_US"
    body_parameters = ["Ana"]
  }
}
`
	failures := func(want map[string]int) resource.TestCheckFunc {
		return func(*terraform.State) error {
			got := map[string]int{}
			for _, m := range s.Messages() {
				code := 0
				if m.Failure != nil {
					code = m.Failure.Code
				}
				got[m.Type] = code
			}
			if !reflect.DeepEqual(got, want) {
				return fmt.Errorf("failure code by message type %v, want %v", got, want)
			}
			return nil
		}
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: []resource.TestStep{
		{Config: config, Check: failures(map[string]int{"image": 131047, "template": 0})},
		{
			PreConfig: func() { s.CustomerReplies("16315551003") },
			Config: strings.Replace(config, `caption = "Our new catalogue"`, `caption = "Our new catalogue"
  triggers = { round = "after the customer wrote" }`, 1),
			Check: func(*terraform.State) error {
				msgs := s.Messages()
				if last := msgs[len(msgs)-1]; last.Type != "image" || last.Failure != nil {
					return fmt.Errorf("the free-form send after the customer wrote: %+v", last)
				}
				return nil
			},
		},
	}})
}

// TestAccMediaMessageTemplate_invalid: every template rule known from the
// configuration fails at plan time on its attribute, and nothing is sent: the
// sandbox sees no request at all.
func TestAccMediaMessageTemplate_invalid(t *testing.T) {
	t.Parallel()
	s := startSandbox(t)
	onAttr := func(summary, attr string) *regexp.Regexp {
		return regexp.MustCompile(`(?s)` + summary + `.*?\d+:\s+` + attr + `\s+=`)
	}
	msg := func(provider, typ, extra, template string) string {
		return provider + fmt.Sprintf(`
resource "whatsapp_media_message" "m" {
  to   = "16315551003"
  type = %q
  link = "https://cdn.example.com/a"
%s
  template = {
    name     = "welcome_kit"
    language = "en_US"
%s
  }
}
`, typ, extra, template)
	}
	cloud := cloudProviderConfig(s)
	onPrem := onPremProviderConfig(s) // no template_namespace
	cases := []struct {
		name   string
		config string
		want   *regexp.Regexp
	}{
		{"audio header", msg(cloud, "audio", "", ""), onAttr("Media Not Allowed in a Template Header", "type")},
		{"sticker header", msg(cloud, "sticker", "", ""), onAttr("Media Not Allowed in a Template Header", "type")},
		{"caption", msg(cloud, "image", `  caption = "hi"`, ""), onAttr("Caption Not Allowed in a Template Message", "caption")},
		{"name", strings.Replace(msg(cloud, "image", "", ""), `"welcome_kit"`, `"Welcome Kit"`, 1), regexp.MustCompile(`(?s)Invalid WhatsApp Template Name.*"Welcome Kit": a template name holds only lowercase`)},
		{"language", strings.Replace(msg(cloud, "image", "", ""), `"en_US"`, `"english"`, 1), regexp.MustCompile(`(?s)Invalid WhatsApp Template Language.*"english": a template language is a code`)},
		{"empty body parameter", msg(cloud, "image", "", `    body_parameters = [""]`), regexp.MustCompile(`(?s)Invalid Attribute Value Length.*body_parameters`)},
		{"button index", msg(cloud, "image", "", `    buttons = [{ index = 10, sub_type = "url", parameter = "x" }]`), regexp.MustCompile(`(?s)Invalid Attribute Value.*index`)},
		{"button kind", msg(cloud, "image", "", `    buttons = [{ index = 0, sub_type = "call", parameter = "x" }]`), regexp.MustCompile(`(?s)Invalid Attribute Value Match.*sub_type`)},
		{"two parameters for one button", msg(cloud, "image", "", `    buttons = [{ index = 0, sub_type = "url", parameter = "x" }, { index = 0, sub_type = "url", parameter = "y" }]`), regexp.MustCompile(`Duplicate Template Button`)},
		{"On-Premises without a namespace", msg(onPrem, "image", "", ""), regexp.MustCompile(`(?s)Missing WhatsApp Template Namespace.*template_namespace`)},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: c.config, PlanOnly: true, ExpectError: c.want})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: steps})
	if n := len(s.Requests()); n != 0 {
		t.Errorf("invalid template configurations made %d requests, want none: %+v", n, s.Requests())
	}
}

// TestAccMediaMessageTemplate_refused: a send the API refuses because it does
// not fit the template fails the apply with WhatsApp's code and advice, and
// nothing is in state.
func TestAccMediaMessageTemplate_refused(t *testing.T) {
	t.Parallel()
	s := startSandbox(t)
	s.PutTemplate(sandbox.MessageTemplate{Name: "spring_launch", Language: "en_US", Status: sandbox.TemplatePending,
		Components: []sandbox.TemplateComponent{{Type: "HEADER", Format: "IMAGE"}, {Type: "BODY", Text: "Hi {{1}}"}}})
	s.SetTemplateReview(sandbox.TemplateReview{Delay: time.Hour})
	config := func(name string, params string) string {
		return cloudProviderConfig(s) + fmt.Sprintf(`
resource "whatsapp_media_message" "m" {
  to   = "16315551003"
  type = "image"
  link = "https://cdn.example.com/a.png"
  template = {
    name            = %q
    language        = "en_US"
    body_parameters = %s
  }
}
`, name, params)
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: []resource.TestStep{
		{Config: config("spring_launch", `["Ana"]`), ExpectError: regexp.MustCompile(`(?s)Unable to Send WhatsApp Media Message.*132001.*not approved yet`)},
		{Config: config("welcome_kit", `["Ana", "extra"]`), ExpectError: regexp.MustCompile(`(?s)132000.*one value per variable`)},
	}})
	if n := len(s.Messages()); n != 0 {
		t.Errorf("the sandbox took %d messages, want none", n)
	}
}

// TestAccMediaMessageTemplate_unknownOutcomeIsTraced: a template send whose
// answer is lost fails the apply with "may have been sent", is not retried,
// and leaves its trace: the next plan sends it again (tainted), as for any
// message.
func TestAccMediaMessageTemplate_unknownOutcomeIsTraced(t *testing.T) {
	t.Parallel()
	s := startSandbox(t)
	s.InjectFault(sandbox.Fault{Kind: sandbox.FaultDropAfter, Method: "POST", PathSuffix: "/messages"})
	config := cloudProviderConfig(s) + `
resource "whatsapp_media_message" "m" {
  to   = "16315551003"
  type = "image"
  link = "https://cdn.example.com/kit.png"
  template = {
    name            = "welcome_kit"
    language        = "en_US"
    body_parameters = ["Ana"]
  }
}
`
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: []resource.TestStep{
		{Config: config, ExpectError: regexp.MustCompile(`(?s)WhatsApp Message May Have Been Sent.*as the header of template "welcome_kit" \(en_US\)`)},
		{
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("whatsapp_media_message.m", plancheck.ResourceActionReplace)}},
			Check: expectSends(s, 2),
		},
	}})
}
