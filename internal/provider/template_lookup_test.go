package provider

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// How often the plan asks the API for a template, and what a broadcast does
// when WhatsApp refuses its template at the send (issue 31).

// templateFanOut is 1,000 whatsapp_media_message instances and a broadcast
// to 1,000 recipients, all on the sandbox's welcome_kit template: the
// cheapest configuration that makes Terraform plan a thousand template sends
// in parallel.
const templateFanOut = `
locals {
  welcome = {
    name            = "welcome_kit"
    language        = "en_US"
    body_parameters = ["friend"]
  }
}

resource "whatsapp_media_message" "m" {
  count    = 1000
  to       = format("+1631555%04d", count.index)
  type     = "image"
  link     = "https://cdn.example.com/kit.png"
  template = local.welcome
}

resource "whatsapp_media_broadcast" "b" {
  recipients = [for i in range(1000) : format("+1631666%04d", i)]
  type       = "image"
  link       = "https://cdn.example.com/kit.png"
  template   = local.welcome
}
`

// TestAccTemplateLookup_oncePerRun: a plan of a thousand template messages
// and a thousand-recipient broadcast of one template asks the API for it
// once; the apply of the saved plan (a new provider configuration, which
// plans each instance again) once more; and a plan that sends nothing not
// at all. Not parallel: it sets the provider's environment.
func TestAccTemplateLookup_oncePerRun(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	s := startSandbox(t)
	setProviderEnv(t, map[string]string{envAPI: apiCloud, envBaseURL: s.URL(), envPhoneNumberID: sandbox.DefaultPhoneNumberID,
		envAccessToken: sandbox.DefaultAccessToken, envBusinessAccountID: sandbox.DefaultBusinessAccountID})
	c := newTerraformCLI(t, t.TempDir())
	c.write("main.tf", cliProviderBlock()+`provider "whatsapp" {}`+"\n"+templateFanOut)
	c.run("init", "-input=false")

	c.run("plan", "-input=false", "-parallelism=50", "-out=tfplan") // 50 instances planned at once
	if n := templateLookups(s); n != 1 {
		t.Fatalf("the plan of 1,000 messages and a 1,000-recipient broadcast looked the template up %d times, want 1", n)
	}
	c.run("apply", "-input=false", "-parallelism=50", "tfplan")
	if n := templateLookups(s); n != 2 {
		t.Fatalf("the apply looked the template up %d times, want 1 (2 in all)", n-1)
	}
	if n := sendRequests(s); n != 2000 {
		t.Fatalf("the apply made %d send requests, want 2,000", n)
	}
	for _, m := range s.Messages() {
		if m.Failure != nil {
			t.Fatalf("the template send to %s failed: %+v", m.To, m.Failure)
		}
	}
	stdout, _ := c.run("plan", "-input=false", "-parallelism=50")
	if n := templateLookups(s); n != 2 {
		t.Fatalf("a plan that sends nothing looked the template up %d times, want 0:\n%s", n-2, stdout)
	}
	t.Logf("template lookups: plan 1, apply 1, unchanged plan 0; sends %d", sendRequests(s))
}

// TestAccMediaBroadcast_templateRefusedAtApply: a template WhatsApp refuses
// at the send stops the broadcast at its first answer: the first send goes
// alone, so one request is made, not one per send in flight, and the report
// is one paragraph that lists the recipients. The plan could not check the
// template: On-Premises has no template API, and on Cloud the business
// account given cannot be read (the plan warns and goes on). On Cloud, a
// template deleted between the plan and the apply of that saved plan is
// refused when the apply plans again, before any send.
func TestAccMediaBroadcast_templateRefusedAtApply(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			t.Parallel()
			s, b := templateBroadcastRun(t, flavor)
			recipients := make([]string, 60)
			for i := range recipients {
				recipients[i] = fmt.Sprintf("+1631555%04d", i)
			}
			template := func(name string) string {
				return fmt.Sprintf("  template = {\n    name = %q\n    language = \"en_US\"\n    body_parameters = [\"Ana\"]\n  }\n", name)
			}

			if flavor == apiCloud {
				s.PutTemplate(sandbox.MessageTemplate{Name: "flash_sale", Language: "en_US", Category: "MARKETING",
					Components: sandbox.WelcomeTemplate().Components})
				b.provider = templateAccountConfig(s)
				b.config(recipients, template("flash_sale"))
				b.cli.run("plan", "-input=false", "-out=tfplan")
				for _, tmpl := range s.Templates() {
					if tmpl.Name == "flash_sale" && !s.DeleteTemplate(tmpl.ID) {
						t.Fatal("could not delete flash_sale")
					}
				}
				stdout, stderr := b.cli.fail("apply", "-input=false", "tfplan")
				expectContains(t, "apply of a plan whose template was deleted since", oneLine(stdout+stderr),
					"WhatsApp Template Not Found", `no template named "flash_sale"`)
				if n := sendRequests(s); n != 0 {
					t.Fatalf("the apply made %d send requests for a deleted template, want 0", n)
				}
				// A business account the token cannot read: the plan cannot check.
				b.provider = strings.Replace(b.provider, sandbox.DefaultBusinessAccountID, "999000999000999", 1)
			}

			b.config(recipients, template("spring_sale"))
			lookups := templateLookups(s)
			out, _ := b.plan()
			if flavor == apiCloud {
				expectContains(t, "plan", out, "WhatsApp Template Not Checked at Plan", "WhatsApp checks it when the message is sent")
			}
			if n := strings.Count(out, "Not Checked at Plan"); n > 1 {
				t.Fatalf("the plan warned %d times about one template", n)
			}
			out, err := b.apply()
			if err == nil {
				t.Fatalf("the apply of a refused template succeeded:\n%s", out)
			}
			if n := templateLookups(s) - lookups; flavor == apiOnPremises && n != 0 {
				t.Fatalf("On-Premises looked %d templates up", n)
			}
			if n := sendRequests(s); n != 1 {
				t.Fatalf("the broadcast made %d send requests after the first refusal, want 1 (the first send goes alone)", n)
			}
			title := "Template name does not exist in the translation"
			if n := strings.Count(out, title); n != 1 {
				t.Fatalf("the report says %q %d times, want once (one paragraph):\n%s", title, n, out)
			}
			expectContains(t, "report", out, "WhatsApp Broadcast: 60 Recipient(s) Not Sent",
				"60 not sent (WhatsApp did not take them): 16315550000, 16315550001",
				"1 got this answer; no request was made for the other 59: the broadcast stopped at the first such answer")
		})
	}
}
