package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile/mediafiletest"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// The lifecycle of whatsapp_media_message across applies: what a change of
// media, content or recipient sends again, what it never does, and the
// examples/broadcast module applied as a user would.

// TestAccMediaMessage_broadcastModule applies examples/broadcast, which calls
// examples/modules/media_broadcast, as a user would: `terraform init`, `apply`,
// `plan`, `destroy` in a copy of the examples tree, with the provider settings
// in WHATSAPP_* environment variables. It sends exactly one message per
// recipient, a second plan is empty, and destroy sends nothing.
//
// It drives the Terraform CLI itself because terraform-plugin-testing cannot
// read a state that holds a module ("Modules are not supported").
// Not parallel: it sets environment variables the in-process provider reads,
// and its working directory.
func TestAccMediaMessage_broadcastModule(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	s := startSandbox(t)
	setProviderEnv(t, map[string]string{envAPI: apiCloud, envBaseURL: s.URL(),
		envPhoneNumberID: sandbox.DefaultPhoneNumberID, envAccessToken: sandbox.DefaultAccessToken})

	// The examples tree as the broadcast example sees it: ../modules and the
	// quickstart's brochure beside it.
	_, thisFile, _, _ := runtime.Caller(0)
	examples := filepath.Join(filepath.Dir(thisFile), "..", "..", "examples")
	root := t.TempDir()
	for _, rel := range []string{"broadcast/main.tf", "modules/media_broadcast/main.tf", "modules/media_broadcast/variables.tf",
		"modules/media_broadcast/outputs.tf", "quickstart/files/brochure.pdf"} {
		data, err := os.ReadFile(filepath.Join(examples, rel))
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}

	recipients := []string{"+16315551001", "16315551002", "+1 631 555 1003"}
	customers, _ := json.Marshal(recipients)
	dir := filepath.Join(root, "broadcast")
	// A real provider runs in Terraform's working directory, and relative file
	// paths such as "./../quickstart/files/brochure.pdf" resolve there.
	t.Chdir(dir)
	tf := newTerraformCLI(t, dir).run

	tf("init", "-input=false")
	tf("apply", "-auto-approve", "-input=false", "-var", "customers="+string(customers))

	msgs := s.Messages()
	if len(msgs) != len(recipients) {
		t.Fatalf("sandbox received %d messages, want %d (one per recipient)", len(msgs), len(recipients))
	}
	var got []string
	ids := map[string]bool{}
	for _, m := range msgs {
		got = append(got, m.To)
		ids[m.ID] = true
		if m.Type != "document" {
			t.Errorf("message to %s is a %s, want a document", m.To, m.Type)
		}
	}
	want := append([]string(nil), recipients...)
	sort.Strings(got)
	sort.Strings(want)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("messages went to %q, want %q", got, want)
	}

	var out map[string]string
	outJSON, _ := tf("output", "-json", "message_ids")
	if err := json.Unmarshal([]byte(outJSON), &out); err != nil {
		t.Fatal(err)
	}
	for _, r := range recipients {
		if !ids[out[r]] {
			t.Errorf("output message_ids[%q] = %q, not a message the sandbox received", r, out[r])
		}
	}

	// -detailed-exitcode: 0 means no changes (tf fails the test on any other code).
	tf("plan", "-detailed-exitcode", "-input=false", "-var", "customers="+string(customers))

	// The media is deleted on the server (as Cloud's 30-day expiry does): the
	// next apply uploads it again and sends nothing; the plan after it is empty.
	for _, m := range s.Media() {
		s.DeleteMedia(m.ID)
	}
	stdout, _ := tf("apply", "-auto-approve", "-input=false", "-var", "customers="+string(customers))
	if !strings.Contains(oneLine(stdout), "1 added, 0 changed, 0 destroyed") {
		t.Errorf("re-apply after the media was deleted did more than upload it again:\n%s", stdout)
	}
	if n := sendRequests(s); n != len(recipients) {
		t.Errorf("the sandbox saw %d send requests after the media was uploaded again, want %d: none new", n, len(recipients))
	}
	if live := s.Media(); len(live) != 1 {
		t.Errorf("the sandbox holds %d live media after the re-apply, want the one uploaded again", len(live))
	}
	tf("plan", "-detailed-exitcode", "-input=false", "-var", "customers="+string(customers))

	// A changed caption replaces every message, and the plan must say in words
	// that replacing means sending again. Planning it sends nothing.
	mainTF := filepath.Join(dir, "main.tf")
	original, err := os.ReadFile(mainTF)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(original), `"Our new catalogue"`, `"Our new catalogue, second edition"`, 1)
	if edited == string(original) {
		t.Fatal("examples/broadcast/main.tf no longer has the caption this test edits")
	}
	if err := os.WriteFile(mainTF, []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	planOut, planErr := tf("plan", "-input=false", "-var", "customers="+string(customers))
	if !strings.Contains(planOut+planErr, "WhatsApp Message Will Be Sent Again") || !strings.Contains(planOut+planErr, "caption changed") {
		t.Errorf("the plan does not warn that a changed caption sends the messages again:\n%s\n%s", planOut, planErr)
	}
	if err := os.WriteFile(mainTF, original, 0o600); err != nil {
		t.Fatal(err)
	}
	stdout, stderr := tf("destroy", "-auto-approve", "-input=false", "-var", "customers="+string(customers))
	if !strings.Contains(stdout+stderr, "WhatsApp Message Not Unsent") {
		t.Errorf("destroy did not warn that the recipients keep their messages:\n%s\n%s", stdout, stderr)
	}
	if n := len(s.Messages()); n != len(recipients) {
		t.Errorf("sandbox holds %d messages after plan and destroy, want %d: neither may send", n, len(recipients))
	}
}

var lifecycleRecipients = []string{"+16315551001", "16315551002", "+1 631 555 1003"}

// lifecycleConfig is one uploaded PNG sent to every lifecycle recipient by
// media ID, as the contract's HCL does.
func lifecycleConfig(provider, png string) string {
	var b strings.Builder
	b.WriteString(provider)
	fmt.Fprintf(&b, "resource \"whatsapp_media\" \"logo\" {\n  source = %q\n}\n", filepath.ToSlash(png))
	for i, to := range lifecycleRecipients {
		fmt.Fprintf(&b, "resource \"whatsapp_media_message\" \"m%d\" {\n  to       = %q\n"+
			"  type     = whatsapp_media.logo.media_type\n  media_id = whatsapp_media.logo.id\n  caption  = \"Our logo\"\n", i, to)
		if i == len(lifecycleRecipients)-1 {
			b.WriteString("  media_sha256 = whatsapp_media.logo.sha256\n")
		}
		b.WriteString("}\n")
	}
	return b.String()
}

// startLifecycle starts a sandbox and writes the logo the lifecycle
// configuration uploads; it returns the sandbox, the logo's path and the
// configuration.
func startLifecycle(t *testing.T, flavor string) (*sandbox.Server, string, string) {
	t.Helper()
	s := startSandbox(t)
	png := filepath.Join(t.TempDir(), "logo.png")
	writeFile(t, png, mediafiletest.PNG(32, 32, 7))
	return s, png, lifecycleConfig(providerConfigFor(flavor, s), png)
}

// messageActions expects one action for every lifecycle message.
func messageActions(action plancheck.ResourceActionType, only ...int) []plancheck.PlanCheck {
	var checks []plancheck.PlanCheck
	for i := range lifecycleRecipients {
		if len(only) == 0 || containsInt(only, i) {
			checks = append(checks, plancheck.ExpectResourceAction(fmt.Sprintf("whatsapp_media_message.m%d", i), action))
		}
	}
	return checks
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// expectMessagesKeepMediaID checks every message still holds the media ID it
// was sent with, *id.
func expectMessagesKeepMediaID(id *string) []statecheck.StateCheck {
	var checks []statecheck.StateCheck
	for i := range lifecycleRecipients {
		checks = append(checks, statecheck.ExpectKnownValue(fmt.Sprintf("whatsapp_media_message.m%d", i),
			tfjsonpath.New("media_id"), knownvalue.StringFunc(func(got string) error {
				if got != *id {
					return fmt.Errorf("media_id %q, want %q (the ID the message was sent with)", got, *id)
				}
				return nil
			})))
	}
	return checks
}

// TestAccMediaMessage_mediaUploadedAgainSendsNothing: media deleted out of
// band (and, on Cloud, expired after 30 days) is uploaded again, and the
// messages that were sent with it plan no change and send nothing.
func TestAccMediaMessage_mediaUploadedAgainSendsNothing(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			t.Parallel()
			s, _, config := startLifecycle(t, flavor)
			var sentMediaID string
			reupload := []plancheck.PlanCheck{plancheck.ExpectResourceAction("whatsapp_media.logo", plancheck.ResourceActionCreate)}
			reupload = append(reupload, messageActions(plancheck.ResourceActionNoop)...)

			steps := []resource.TestStep{
				{
					Config: config,
					Check: resource.ComposeTestCheckFunc(expectSends(s, len(lifecycleRecipients)), func(st *terraform.State) error {
						var err error
						sentMediaID, err = stateID(st, "whatsapp_media.logo")
						return err
					}),
				},
				{
					PreConfig: func() {
						if !s.DeleteMedia(sentMediaID) {
							t.Fatalf("media %s was not on the sandbox", sentMediaID)
						}
					},
					Config:            config,
					ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: reupload},
					Check:             resource.ComposeTestCheckFunc(expectSends(s, len(lifecycleRecipients)), expectNewMedia(s, &sentMediaID)),
					ConfigStateChecks: expectMessagesKeepMediaID(&sentMediaID),
				},
			}
			if flavor == apiCloud {
				steps = append(steps, resource.TestStep{
					PreConfig:         func() { s.AdvanceClock(31 * 24 * time.Hour) }, // Cloud media expire after 30 days
					Config:            config,
					ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: reupload},
					Check:             resource.ComposeTestCheckFunc(expectSends(s, len(lifecycleRecipients)), expectNewMedia(s, &sentMediaID)),
					ConfigStateChecks: expectMessagesKeepMediaID(&sentMediaID),
				})
			}
			resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: steps})
		})
	}
}

// expectNewMedia checks the sandbox holds exactly one live media and that it
// is not the one the messages were sent with.
func expectNewMedia(s *sandbox.Server, sentMediaID *string) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		live := s.Media()
		if len(live) != 1 || live[0].ID == *sentMediaID {
			return fmt.Errorf("live media %d (want 1 new one, not %s)", len(live), *sentMediaID)
		}
		if id, err := stateID(st, "whatsapp_media.logo"); err != nil || id != live[0].ID {
			return fmt.Errorf("whatsapp_media.logo id %q, want the new upload %q (%v)", id, live[0].ID, err)
		}
		return nil
	}
}

// TestAccMediaMessage_contentChangeSendsAgain: new bytes behind the file
// replace the media, and the message that follows its content through
// media_sha256 is sent again, decided in the plan; a message without
// media_sha256 keeps what it sent.
func TestAccMediaMessage_contentChangeSendsAgain(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			t.Parallel()
			s, png, config := startLifecycle(t, flavor)
			last := len(lifecycleRecipients) - 1
			plan := []plancheck.PlanCheck{plancheck.ExpectResourceAction("whatsapp_media.logo", plancheck.ResourceActionReplace)}
			plan = append(plan, messageActions(plancheck.ResourceActionReplace, last)...)
			plan = append(plan, messageActions(plancheck.ResourceActionNoop, 0, 1)...)

			resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: []resource.TestStep{
				{Config: config, Check: expectSends(s, len(lifecycleRecipients))},
				{
					PreConfig:        func() { writeFile(t, png, mediafiletest.PNG(32, 32, 8)) },
					Config:           config,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: plan},
					Check: resource.ComposeTestCheckFunc(expectSends(s, len(lifecycleRecipients)+1),
						func(st *terraform.State) error {
							// The new send carries the new upload's ID, to the same recipient.
							msgs := s.Messages()
							newest := msgs[len(msgs)-1]
							mediaID, err := stateID(st, "whatsapp_media.logo")
							if err != nil {
								return err
							}
							if !strings.Contains(string(newest.Body), mediaID) || newest.To != lifecycleRecipients[last] {
								return fmt.Errorf("the new send %s is not the new media %s to %s", newest.Body, mediaID, lifecycleRecipients[last])
							}
							return nil
						}),
				},
			}})
		})
	}
}

// TestAccMediaMessage_recipientFormatsAreOneRecipient: +, spaces, dashes,
// dots and parentheses are formatting; rewriting the number plans nothing and
// the state keeps the form it was sent to. Another number is another message.
func TestAccMediaMessage_recipientFormatsAreOneRecipient(t *testing.T) {
	s := startSandbox(t)
	config := func(to string) string {
		return cloudProviderConfig(s) + fmt.Sprintf(`
resource "whatsapp_media_message" "m" {
  to   = %q
  type = "image"
  link = "https://cdn.example.com/logo.png"
}
`, to)
	}
	sentTo := statecheck.ExpectKnownValue("whatsapp_media_message.m", tfjsonpath.New("to"), knownvalue.StringExact("491701223002"))
	steps := []resource.TestStep{{Config: config("491701223002"), Check: expectSends(s, 1)}}
	for _, same := range []string{"+49 170 1223002", "+49 (170) 122-3002", "+49.170.1223002"} {
		steps = append(steps, resource.TestStep{
			Config:            config(same),
			ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			ConfigStateChecks: []statecheck.StateCheck{sentTo},
			Check:             expectSends(s, 1),
		})
	}
	steps = append(steps, resource.TestStep{
		Config: config("+49 170 1223003"),
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectResourceAction("whatsapp_media_message.m", plancheck.ResourceActionReplace)}},
		Check: expectSends(s, 2),
	})
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: steps})
}

// TestAccMediaMessage_nationalNumberFailsAtPlan: a number with a leading 0 is
// in national format and reaches nobody; the plan says so on `to`, and nothing
// reaches the API.
func TestAccMediaMessage_nationalNumberFailsAtPlan(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			t.Parallel()
			s := startSandbox(t)
			resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: []resource.TestStep{{
				Config: providerConfigFor(flavor, s) + `
resource "whatsapp_media_message" "m" {
  to   = "0151 1234 5678"
  type = "image"
  link = "https://cdn.example.com/logo.png"
}
`,
				ExpectError: regexp.MustCompile(`(?s)Invalid WhatsApp Recipient.*with whatsapp_media_message.m.*to\s*=.*country\s+code\s+first`),
			}}})
			if n := len(s.Requests()); n != 0 {
				t.Fatalf("the sandbox received %d requests, want none", n)
			}
		})
	}
}

// TestAccMediaMessage_unknownOutcomeIsTraced: a send answered 500 may have
// been taken; the apply fails saying so, the state keeps the attempt as a
// tainted message with outcome "unknown", the next plan shows it is sent
// again, and `terraform untaint` accepts it as delivered: an empty plan, and
// nothing sent. Driven through the CLI, since untaint is no test step.
func TestAccMediaMessage_unknownOutcomeIsTraced(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			s := startSandbox(t)
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "main.tf"), []byte(cliProviderBlock()+providerConfigFor(flavor, s)+`
resource "whatsapp_media_message" "m" {
  to      = "+16315551001"
  type    = "image"
  link    = "https://cdn.example.com/logo.png"
  caption = "Our logo"
}
`))
			tf := newTerraformCLI(t, dir)
			tf.run("init", "-input=false")
			s.InjectFault(sandbox.Fault{Kind: sandbox.FaultStatus, Method: "POST", PathSuffix: "/messages", Status: 500})

			_, stderr := tf.fail("apply", "-auto-approve", "-input=false")
			if !strings.Contains(oneLine(stderr), "WhatsApp Message May Have Been Sent") || !strings.Contains(oneLine(stderr), "terraform untaint") {
				t.Fatalf("apply error does not say the message may have been sent and how to accept it:\n%s", stderr)
			}
			state, _ := tf.run("show", "-json")
			for _, want := range []string{`"outcome":"unknown"`, `"tainted":true`} {
				if !strings.Contains(state, want) {
					t.Fatalf("state lacks %s:\n%s", want, state)
				}
			}
			plan, _ := tf.run("plan", "-input=false")
			// Terraform says "is tainted, so must be replaced", OpenTofu "so it must be".
			for _, want := range []string{"whatsapp_media_message.m is tainted", "must be replaced", `outcome = "unknown"`} {
				if !strings.Contains(oneLine(plan), want) {
					t.Fatalf("the plan after an unknown outcome lacks %q:\n%s", want, plan)
				}
			}

			tf.run("untaint", "whatsapp_media_message.m")
			plan, _ = tf.run("plan", "-input=false")
			if !strings.Contains(plan, "No changes.") {
				t.Fatalf("after untaint the plan is not empty:\n%s", plan)
			}
			tf.run("apply", "-auto-approve", "-input=false")
			if n := sendRequests(s); n != 1 {
				t.Fatalf("the sandbox saw %d send requests, want only the first attempt", n)
			}
		})
	}
}

// TestAccMediaMessage_destroyPlanWarns: the plan of a destroy already says
// that recipients keep their messages; destroy sends nothing, and warns once
// for all the messages it forgets, not once per message.
func TestAccMediaMessage_destroyPlanWarns(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	s := startSandbox(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.tf"), []byte(cliProviderBlock()+cloudProviderConfig(s)+`
resource "whatsapp_media_message" "m" {
  count = 3
  to    = "+1631555100${count.index}"
  type  = "image"
  link  = "https://cdn.example.com/logo.png"
}
`))
	tf := newTerraformCLI(t, dir)
	tf.run("init", "-input=false")
	tf.run("apply", "-auto-approve", "-input=false")
	plan, _ := tf.run("plan", "-destroy", "-input=false")
	if !strings.Contains(oneLine(plan), "WhatsApp Message Stays With the Recipient") || !strings.Contains(oneLine(plan), "cannot be unsent") {
		t.Fatalf("the destroy plan does not warn that the recipient keeps the message:\n%s", plan)
	}
	out, errOut := tf.run("destroy", "-auto-approve", "-input=false")
	if n := strings.Count(out+errOut, "Warning: WhatsApp Message Not Unsent"); n != 1 {
		t.Fatalf("destroying 3 messages printed %d \"WhatsApp Message Not Unsent\" warnings, want 1:\n%s\n%s", n, out, errOut)
	}
	if n := sendRequests(s); n != 3 {
		t.Fatalf("the sandbox saw %d send requests, want 3 (destroy sends nothing)", n)
	}
}

// envScaleRecipients sets how many recipients the scale scenarios use:
// `make soak` sets 200; `make test` runs the short size.
