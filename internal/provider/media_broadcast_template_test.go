package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// TestAccMediaBroadcast_template: a broadcast to customers who never wrote.
// Free-form, the plan says who it reaches, and every send is accepted and
// then fails with the re-engagement error, as on WhatsApp. As the header of
// the sandbox's approved welcome_kit template, the same broadcast reaches
// them all; the template change sends to everyone again, a body parameter
// change too, and a caption with a template fails at plan time with nothing
// sent. Both flavors (On-Premises with the provider's template namespace).
func TestAccMediaBroadcast_template(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			t.Parallel()
			s, b := templateBroadcastRun(t, flavor)
			recipients := []string{"+1 631 555 4001", "16315554002", "+1 (631) 555-4003", "+16315554001"}
			everyone := []string{"16315554001", "16315554002", "16315554003"}
			reengagement := map[string]int{apiCloud: 131047, apiOnPremises: 470}[flavor]

			b.config(recipients, "")
			out, _ := b.plan()
			expectContains(t, "free-form plan", out, "WhatsApp Broadcast Will Send 3 Message(s)",
				"1 entries of recipients name a person listed before", "sent free-form (no template)", "131047")
			b.mustApply()
			b.expectAccepted("free-form", everyone...)
			for _, m := range s.Messages() {
				if m.Failure == nil || m.Failure.Code != reengagement {
					t.Fatalf("the free-form send to %s ended %+v, want failed with %d", m.To, m.Failure, reengagement)
				}
			}

			template := func(greeting string) string {
				return fmt.Sprintf(`  template = {
    name            = "welcome_kit"
    language        = "en_US"
    body_parameters = [%q]
  }
`, greeting)
			}
			for round, greeting := range []string{"friend", "Ana"} {
				b.config(recipients, template(greeting))
				out, _ = b.plan()
				expectContains(t, greeting, out, "WhatsApp Broadcast Will Send 3 Message(s)", "all 3 again, because template changed")
				if strings.Contains(out, "sent free-form") {
					t.Fatalf("%s: the plan of a template broadcast says it is sent free-form:\n%s", greeting, out)
				}
				b.mustApply()
				from := 3 * (round + 1)
				b.expectSentTo(greeting, from, everyone...)
				b.expectAccepted(greeting, everyone...)
				for _, m := range s.Messages()[from:] {
					tmpl, err := sentTemplate(m)
					if err != nil {
						t.Fatal(err)
					}
					if m.Failure != nil || !strings.Contains(string(m.Body), `"text":"`+greeting+`"`) ||
						!strings.Contains(string(m.Body), "https://cdn.example.com/brochure.png") {
						t.Fatalf("%s: the template send to %s ended %+v; body %s", greeting, m.To, m.Failure, m.Body)
					}
					if _, hasNS := tmpl["namespace"]; hasNS != (flavor == apiOnPremises) {
						t.Fatalf("%s: the %s send has namespace %v", greeting, flavor, tmpl["namespace"])
					}
				}
			}
			if out, changes := b.plan(); changes {
				t.Fatalf("the plan after the template broadcast is not empty:\n%s", out)
			}

			before := sendRequests(s)
			b.config(recipients, template("Ana")+`  caption = "New prices"`+"\n")
			stdout, stderr := b.cli.fail("plan", "-input=false")
			expectContains(t, "caption with a template", oneLine(stdout+stderr), "Caption Not Allowed in a Template Message")
			if n := sendRequests(s); n != before {
				t.Fatalf("a refused plan made %d send requests", n-before)
			}
		})
	}
}

// templateBroadcastRun is a broadcastRun, initialised, on a sandbox of its
// own whose provider block can send templates on flavor.
func templateBroadcastRun(t *testing.T, flavor string) (*sandbox.Server, *broadcastRun) {
	t.Helper()
	s := startSandbox(t)
	b := newBroadcastRun(t, flavor, s)
	b.provider = templateProviderConfig(flavor, s)
	b.cli.run("init", "-input=false")
	return s, b
}
