package provider

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

const automationAddr = "whatsapp_conversational_automation.welcome"

// expectAutomation checks what the sandbox holds.
func expectAutomation(s *sandbox.Server, welcome bool, prompts []string, commands ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		a := s.Automation()
		var names []string
		for _, c := range a.Commands {
			names = append(names, c.Name)
		}
		if a.EnableWelcomeMessage != welcome || !slices.Equal(a.Prompts, prompts) || !slices.Equal(names, commands) {
			return fmt.Errorf("sandbox holds %+v, want welcome=%v prompts=%q commands=%q", a, welcome, prompts, commands)
		}
		return nil
	}
}

func automationConfig(s *sandbox.Server, body string) string {
	return cloudProviderConfig(s) + `
resource "whatsapp_conversational_automation" "welcome" {
` + body + `
}
`
}

// TestAccConversationalAutomation_lifecycle: create, no-change plan, update,
// drift from the WhatsApp Manager, import, and destroy turning it all off.
func TestAccConversationalAutomation_lifecycle(t *testing.T) {
	t.Parallel()
	s := startSandbox(t)
	full := automationConfig(s, `
  enable_welcome_message = true
  prompts                = ["What are your opening hours?", "Where is my order?"]
  commands = [
    { command_name = "help", command_description = "Talk to a person" },
    { command_name = "track", command_description = "Track an order" },
  ]`)
	fewer := automationConfig(s, `
  enable_welcome_message = false
  prompts                = ["Where is my order?"]`)
	posts := func(n int) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if got := countRequests(s, "POST", `/conversational_automation$`); got != n {
				return fmt.Errorf("the sandbox got %d POST conversational_automation, want %d", got, n)
			}
			return nil
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			return expectAutomation(s, false, nil)(nil)
		},
		Steps: []resource.TestStep{
			{
				Config: full,
				Check: resource.ComposeTestCheckFunc(posts(1),
					expectAutomation(s, true, []string{"What are your opening hours?", "Where is my order?"}, "help", "track"),
					resource.TestCheckResourceAttr(automationAddr, "id", sandbox.DefaultPhoneNumberID)),
			},
			{Config: full, PlanOnly: true}, // no changes
			{
				Config: fewer,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(automationAddr, plancheck.ResourceActionUpdate)}},
				Check: resource.ComposeTestCheckFunc(posts(2), expectAutomation(s, false, []string{"Where is my order?"}),
					resource.TestCheckResourceAttr(automationAddr, "commands.#", "0")),
			},
			{
				// Changed in the WhatsApp Manager: the plan puts the configuration back.
				PreConfig: func() {
					s.SetAutomation(sandbox.Automation{EnableWelcomeMessage: true, Prompts: []string{"Hi"},
						Commands: []sandbox.AutomationCommand{{Name: "menu", Description: "Added by hand"}}})
				},
				Config: fewer,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(automationAddr, plancheck.ResourceActionUpdate)}},
				Check: resource.ComposeTestCheckFunc(posts(3), expectAutomation(s, false, []string{"Where is my order?"})),
			},
			{
				ResourceName:      automationAddr,
				ImportState:       true,
				ImportStateId:     sandbox.DefaultPhoneNumberID,
				ImportStateVerify: true,
			},
			{
				ResourceName:  automationAddr,
				ImportState:   true,
				ImportStateId: "999",
				ExpectError:   regexp.MustCompile(`Invalid WhatsApp Conversational Automation Import ID`),
			},
		},
	})
	// Destroy: one more POST, with everything off and empty.
	if got := countRequests(s, "POST", `/conversational_automation$`); got != 4 {
		t.Fatalf("destroy: %d POSTs in all, want 4", got)
	}
}

// TestAccConversationalAutomation_invalid: the spec's limits and the Cloud
// API are checked at plan time, with no request made.
func TestAccConversationalAutomation_invalid(t *testing.T) {
	t.Parallel()
	s := startSandbox(t)
	cmds := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "{ command_name = \"c%d\", command_description = \"d\" },", i)
		}
		return "commands = [" + b.String() + "]"
	}
	cases := []struct{ name, config, want string }{
		{"four prompts", automationConfig(s, `prompts = ["a", "b", "c", "d"]`), `Attribute prompts list must contain at most 3 elements`},
		{"long prompt", automationConfig(s, `prompts = ["`+strings.Repeat("é", 81)+`"]`), `Invalid WhatsApp Ice Breaker.*81 characters`},
		{"empty prompt", automationConfig(s, `prompts = [""]`), `Invalid WhatsApp Ice Breaker`},
		{"31 commands", automationConfig(s, cmds(31)), `commands list must contain at most 30 elements`},
		{"slash", automationConfig(s, `commands = [{ command_name = "/help", command_description = "d" }]`), `Invalid WhatsApp Command Name.*without the leading /`},
		{"long name", automationConfig(s, `commands = [{ command_name = "`+strings.Repeat("a", 31)+`", command_description = "d" }]`), `Invalid WhatsApp Command Name`},
		{"long description", automationConfig(s, `commands = [{ command_name = "a", command_description = "`+strings.Repeat("d", 257)+`" }]`), `Invalid WhatsApp Command Description.*257`},
		{"twice", automationConfig(s, `commands = [{ command_name = "a", command_description = "d" }, { command_name = "a", command_description = "e" }]`), `Duplicate WhatsApp Command Name`},
		{"On-Premises", onPremProviderConfig(s) + `
resource "whatsapp_conversational_automation" "welcome" {
  prompts = ["Hi"]
}`, `Conversational Automation Needs the Cloud API`},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: c.config, PlanOnly: true, ExpectError: regexp.MustCompile(`(?s)` + strings.ReplaceAll(c.want, " ", `\s+`))})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: steps})
	if n := len(s.Requests()); n != 0 {
		t.Fatalf("invalid configurations sent %d requests, want 0", n)
	}
}
