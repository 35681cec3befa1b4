package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// kitActionConfig is an untriggered action that sends the sandbox's
// welcome_kit template, the image by link as its header, to a customer who
// has never written to the business.
func kitActionConfig(provider, extra string) string {
	return provider + fmt.Sprintf(`
action "whatsapp_send_media_message" "kit" {
  config {
    to   = "+1 631-555-1007"
    type = "image"
    link = "https://cdn.example.com/kit.png"
    template = {
      name            = "welcome_kit"
      language        = "en_US"
      body_parameters = ["Ana"]
      buttons         = [{ index = 0, sub_type = "quick_reply", parameter = "STOP_PROMOTIONS" }]
    }
%s
  }
}
`, extra)
}

// TestAccSendMediaMessageAction_template: apply -invoke sends a template
// message whose header is the media, on both flavors (On-Premises with the
// provider's namespace), to a customer outside the 24-hour window, where a
// free-form message would fail: the sandbox delivers it. The progress names
// the template.
func TestAccSendMediaMessageAction_template(t *testing.T) {
	useActionsCLI(t)
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			s := startSandbox(t)
			tf := actionCLIDir(t, kitActionConfig(templateProviderConfig(flavor, s), ""))
			out, _ := tf("apply", "-auto-approve", "-input=false", "-invoke=action.whatsapp_send_media_message.kit")
			msgs := s.Messages()
			if len(msgs) != 1 || sendRequests(s) != 1 {
				t.Fatalf("apply -invoke made %d sends (%d kept), want 1", sendRequests(s), len(msgs))
			}
			m := msgs[0]
			tmpl, err := sentTemplate(m)
			if err != nil {
				t.Fatal(err)
			}
			if m.To != "16315551007" || tmpl["name"] != "welcome_kit" || m.Failure != nil {
				t.Errorf("sent %s to %s, failure %+v; want welcome_kit to 16315551007, accepted", tmpl["name"], m.To, m.Failure)
			}
			body := string(m.Body)
			for _, want := range []string{`"link":"https://cdn.example.com/kit.png"`, `"text":"Ana"`, `"payload":"STOP_PROMOTIONS"`} {
				if !strings.Contains(body, want) {
					t.Errorf("the send lacks %s: %s", want, body)
				}
			}
			if ns, has := tmpl["namespace"]; (flavor == apiOnPremises) != has || has && ns != sandbox.DefaultTemplateNamespace {
				t.Errorf("%s send has namespace %v", flavor, ns)
			}
			want := `Sending an image by link "https://cdn.example.com/kit.png" to "16315551007" as the header of template "welcome_kit" (en_US)`
			if !strings.Contains(oneLine(out), want) {
				t.Errorf("the apply output lacks the progress %q:\n%s", want, out)
			}
			// Delivered, though the customer never wrote: a template message reaches them.
			for _, st := range s.WaitForStatuses(2, 10*time.Second) {
				if st.Failure != nil {
					t.Errorf("the template send failed: %+v", *st.Failure)
				}
			}
		})
	}
}

// TestAccSendMediaMessageAction_templateInvalid: the resource's template
// rules refuse a wrong action at plan time, on the attribute, with no request.
func TestAccSendMediaMessageAction_templateInvalid(t *testing.T) {
	useActionsCLI(t)
	s := startSandbox(t)
	cloud := cloudProviderConfig(s)
	withTrigger := func(config string) string {
		return config + `
resource "terraform_data" "release" {
  input = "v1"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.whatsapp_send_media_message.kit]
    }
  }
}
`
	}
	cases := []struct {
		name, config string
		want         *regexp.Regexp
	}{
		{"audio header", strings.Replace(kitActionConfig(cloud, ""), `"image"`, `"audio"`, 1), regexp.MustCompile(`Media Not Allowed in a Template Header`)},
		{"caption", kitActionConfig(cloud, `    caption = "Hi"`), regexp.MustCompile(`Caption Not Allowed in a Template Message`)},
		{"two parameters for one button", strings.Replace(kitActionConfig(cloud, ""), `buttons         = [`,
			`buttons         = [{ index = 0, sub_type = "quick_reply", parameter = "A" }, `, 1), regexp.MustCompile(`Duplicate Template Button`)},
		{"bad template name", strings.Replace(kitActionConfig(cloud, ""), `"welcome_kit"`, `"Welcome Kit"`, 1), regexp.MustCompile(`Invalid WhatsApp Template Name`)},
		{"On-Premises without a namespace", kitActionConfig(onPremProviderConfig(s), ""), regexp.MustCompile(`(?s)Missing WhatsApp Template Namespace.*template_namespace`)},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: withTrigger(c.config), PlanOnly: true, ExpectError: c.want})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: steps})
	if n := len(s.Requests()); n != 0 {
		t.Errorf("the sandbox received %d requests; a wrong configuration must send none", n)
	}
}

// TestAccSendMediaMessageAction_templateCheckedAtPlan: with the business
// account, the action's template is looked up at plan as the resource's is:
// a body parameter count the template does not have and a template missing
// in the language are refused, and nothing reaches /messages.
func TestAccSendMediaMessageAction_templateCheckedAtPlan(t *testing.T) {
	useActionsCLI(t)
	s := startSandbox(t)
	provider := templateAccountConfig(s)
	for name, c := range map[string]struct{ from, to, want string }{
		"body parameter count": {`body_parameters = ["Ana"]`, `body_parameters = ["Ana", "again"]`, `(?s)has 1 body variable\(s\).*gives 2 value\(s\)`},
		"language":             {`"en_US"`, `"fr"`, `(?s)Not Found in This Language.*not in fr`},
	} {
		t.Run(name, func(t *testing.T) {
			cli := newTerraformCLI(t, t.TempDir())
			cli.write("main.tf", cliProviderBlock()+strings.Replace(kitActionConfig(provider, ""), c.from, c.to, 1))
			if out, err := cli.try("init", "-input=false"); err != nil {
				t.Fatalf("terraform init: %v\n%s", err, out)
			}
			out, err := cli.try("apply", "-auto-approve", "-input=false", "-invoke=action.whatsapp_send_media_message.kit")
			if err == nil || !regexp.MustCompile(strings.ReplaceAll(c.want, " ", `\s+`)).MatchString(out) {
				t.Fatalf("apply -invoke: err %v, want a plan error matching %s:\n%s", err, c.want, out)
			}
		})
	}
	if n := sendRequests(s); n != 0 {
		t.Errorf("the refused invocations made %d send requests, want 0", n)
	}
	if n := templateLookups(s); n < 1 {
		t.Errorf("no template lookup: the action's plan did not check the template")
	}
}
