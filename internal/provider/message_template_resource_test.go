package provider

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile/mediafiletest"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// templateAccountConfig is a Cloud provider block with the business account
// and app the sandbox serves templates and header uploads for.
func templateAccountConfig(s *sandbox.Server) string {
	return fmt.Sprintf(`
provider "whatsapp" {
  api                 = "cloud"
  base_url            = %q
  phone_number_id     = %q
  access_token        = %q
  business_account_id = %q
  app_id              = %q
}
`, s.URL(), sandbox.DefaultPhoneNumberID, sandbox.DefaultAccessToken, sandbox.DefaultBusinessAccountID, sandbox.DefaultAppID)
}

// launchTemplate is an image-header template whose example is png.
func launchTemplate(name, png, body string) string {
	return fmt.Sprintf(`
resource "whatsapp_message_template" "launch" {
  name           = %q
  language       = "en_US"
  category       = "MARKETING"
  header_format  = "IMAGE"
  header_example = %q
  body           = %q
  body_examples  = ["Ana", "20%%"]
  footer         = "Reply STOP to opt out"
  buttons = [
    { type = "QUICK_REPLY", text = "Stop promotions" },
    { type = "URL", text = "Shop", url = "https://shop.example.com/{{1}}", example = "spring" },
  ]
  wait_for_approval = true
  review_timeout    = "30s"
}
`, name, png, body)
}

// sandboxTemplate finds the sandbox's template by name.
func sandboxTemplate(s *sandbox.Server, name string) (sandbox.MessageTemplate, bool) {
	for _, t := range s.Templates() {
		if t.Name == name {
			return t, true
		}
	}
	return sandbox.MessageTemplate{}, false
}

// expectTemplate checks the sandbox holds the template with this body, and
// that its header example is the bytes of png.
func expectTemplate(s *sandbox.Server, name, body, png string) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		t, ok := sandboxTemplate(s, name)
		if !ok {
			return fmt.Errorf("the sandbox has no template %s", name)
		}
		if id, err := stateID(st, "whatsapp_message_template.launch"); err != nil || id != t.ID {
			return fmt.Errorf("state id %q, sandbox id %q (%v)", id, t.ID, err)
		}
		var gotBody, handle string
		for _, c := range t.Components {
			switch c.Type {
			case "BODY":
				gotBody = c.Text
			case "HEADER":
				var ex struct {
					HeaderHandle []string `json:"header_handle"`
				}
				if err := jsonUnmarshal(c.Example, &ex); err != nil || len(ex.HeaderHandle) != 1 {
					return fmt.Errorf("header example %s", c.Example)
				}
				handle = ex.HeaderHandle[0]
			}
		}
		if gotBody != body {
			return fmt.Errorf("sandbox body %q, want %q", gotBody, body)
		}
		info, err := mediafile.InspectFile(png)
		if err != nil {
			return err
		}
		typ, sum, ok := s.HeaderExample(handle)
		if !ok || typ != "image/png" || sum != info.SHA256 {
			return fmt.Errorf("the header example uploaded is %s %s, want image/png %s", typ, sum, info.SHA256)
		}
		return nil
	}
}

// TestAccMessageTemplate_lifecycle: create with an image header from a file
// (uploaded through the Resumable Upload API) and wait for the review; a
// changed file plans an in-place edit; Meta's edit limit is named in the
// error; a new name replaces; import; drift (edited, disabled, deleted
// outside Terraform); destroy deletes by name and ID.
func TestAccMessageTemplate_lifecycle(t *testing.T) {
	t.Parallel()
	s := startSandbox(t)
	s.SetTemplateReview(sandbox.TemplateReview{Delay: 300 * time.Millisecond})
	dir := t.TempDir()
	png := filepath.Join(dir, "banner.png")
	writeFile(t, png, mediafiletest.PNG(24, 24, 1))
	provider := templateAccountConfig(s)
	body := "Hi {{1}}, spring is here: {{2}} off everything."
	body2 := "Hi {{1}}, spring is here: {{2}} off all week."
	config := func(name, body string) string { return provider + launchTemplate(name, png, body) }
	status := func(want string) statecheck.StateCheck {
		return statecheck.ExpectKnownValue("whatsapp_message_template.launch", tfjsonpath.New("status"), knownvalue.StringExact(want))
	}
	var id string
	before := 0 // requests the sandbox had before a step

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if _, ok := sandboxTemplate(s, "spring_sale"); ok {
				return fmt.Errorf("destroy left the template spring_sale on the sandbox")
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: config("spring_launch", body),
				Check: resource.ComposeTestCheckFunc(expectTemplate(s, "spring_launch", body, png), func(st *terraform.State) error {
					var err error
					id, err = stateID(st, "whatsapp_message_template.launch")
					return err
				}),
				ConfigStateChecks: []statecheck.StateCheck{status("APPROVED"),
					statecheck.ExpectKnownValue("whatsapp_message_template.launch", tfjsonpath.New("body_parameter_count"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue("whatsapp_message_template.launch", tfjsonpath.New("edit_times"), knownvalue.ListSizeExact(0))},
			},
			{
				// New bytes behind header_example: an edit in place, reviewed again.
				PreConfig: func() { writeFile(t, png, mediafiletest.PNG(24, 24, 7)) },
				Config:    config("spring_launch", body),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("whatsapp_message_template.launch", plancheck.ResourceActionUpdate)}},
				Check: expectTemplate(s, "spring_launch", body, png),
				ConfigStateChecks: []statecheck.StateCheck{status("APPROVED"),
					statecheck.ExpectKnownValue("whatsapp_message_template.launch", tfjsonpath.New("edit_times"), knownvalue.ListSizeExact(1))},
			},
			{
				// New bytes again on the same day: a second edit of an approved template within 24 hours,
				// which Meta would refuse. The plan refuses it, naming when the next edit is possible,
				// before the new example is uploaded: only the refresh's reads reach the API.
				PreConfig: func() {
					writeFile(t, png, mediafiletest.PNG(24, 24, 9))
					before = len(s.Requests())
				},
				Config: config("spring_launch", body2),
				ExpectError: regexp.MustCompile(`(?s)WhatsApp Message Template Edit Limit.*go\s+over\s+one\s+edit\s+in\s+24\s+hours.*` +
					`next\s+edit\s+is\s+possible\s+at\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\s+\(in\s+2[34]h\d\dm`),
			},
			{
				// A day later by the API's clock (its Date header): the edit goes through, and is kept.
				PreConfig: func() {
					for _, r := range s.Requests()[before:] {
						if r.Method != http.MethodGet {
							t.Errorf("the refused edit sent %s %s, want only the refresh's reads", r.Method, r.Path)
						}
					}
					s.AdvanceClock(25 * time.Hour)
				},
				Config: config("spring_launch", body2),
				Check:  expectTemplate(s, "spring_launch", body2, png),
				ConfigStateChecks: []statecheck.StateCheck{status("APPROVED"),
					statecheck.ExpectKnownValue("whatsapp_message_template.launch", tfjsonpath.New("edit_times"), knownvalue.ListSizeExact(2))},
			},
			{
				// An approved template's category cannot change: said at plan time.
				Config:      strings.Replace(config("spring_launch", body2), `"MARKETING"`, `"UTILITY"`, 1),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Category of an Approved Template Cannot Change`),
			},
			{
				// A new name is a new template: replaced (the old one deleted by name and ID).
				Config: config("spring_sale", body2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("whatsapp_message_template.launch", plancheck.ResourceActionReplace)}},
				Check: resource.ComposeTestCheckFunc(expectTemplate(s, "spring_sale", body2, png), func(st *terraform.State) error {
					if _, ok := sandboxTemplate(s, "spring_launch"); ok {
						return fmt.Errorf("the replaced template spring_launch is still on the sandbox")
					}
					var err error
					id, err = stateID(st, "whatsapp_message_template.launch")
					return err
				}),
			},
			{
				ResourceName:            "whatsapp_message_template.launch",
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"header_example", "header_example_sha256", "wait_for_approval", "review_timeout"},
			},
			{
				// Edited outside Terraform: the plan puts the configured body back.
				PreConfig: func() {
					t, _ := sandboxTemplate(s, "spring_sale")
					comps := append([]sandbox.TemplateComponent(nil), t.Components...)
					for i := range comps {
						if comps[i].Type == "BODY" {
							comps[i].Text = "Hi {{1}}, {{2}} off. Edited by hand."
						}
					}
					s.EditTemplate(id, comps)
					s.AdvanceClock(25 * time.Hour)
				},
				Config: config("spring_sale", body2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("whatsapp_message_template.launch", plancheck.ResourceActionUpdate)}},
				Check: expectTemplate(s, "spring_sale", body2, png),
			},
			{
				// Disabled by Meta: the refresh says so, in state and in a warning.
				PreConfig:         func() { s.SetTemplateStatus(id, sandbox.TemplateDisabled, "") },
				Config:            config("spring_sale", body2),
				ConfigStateChecks: []statecheck.StateCheck{status("DISABLED")},
			},
			{
				// Deleted outside Terraform: the plan creates it again.
				PreConfig:          func() { s.DeleteTemplate(id) },
				Config:             config("spring_sale", body2),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

// TestAccMessageTemplate_rejected: waiting for the review, a rejection fails
// the apply with Meta's reason.
func TestAccMessageTemplate_rejected(t *testing.T) {
	t.Parallel()
	s := startSandbox(t)
	s.SetTemplateReview(sandbox.TemplateReview{Delay: 200 * time.Millisecond, Reject: map[string]string{"spam_offer": "PROMOTIONAL"}})
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: []resource.TestStep{{
		Config: templateAccountConfig(s) + `
resource "whatsapp_message_template" "spam" {
  name              = "spam_offer"
  language          = "en"
  category          = "MARKETING"
  body              = "Buy now!"
  wait_for_approval = true
}
`,
		ExpectError: regexp.MustCompile(`(?s)WhatsApp Message Template Rejected.*PROMOTIONAL`),
	}}})
}

// TestAccMessageTemplate_invalid: every plan-time rule of the template
// resource, with no request made.
func TestAccMessageTemplate_invalid(t *testing.T) {
	t.Parallel()
	s := startSandbox(t)
	dir := t.TempDir()
	png, pdf := filepath.Join(dir, "a.png"), filepath.Join(dir, "a.pdf")
	writeFile(t, png, mediafiletest.PNG(8, 8, 1))
	writeFile(t, pdf, []byte("%PDF-1.4\n%%EOF\n"))
	tmpl := func(extra string) string {
		return fmt.Sprintf(`
resource "whatsapp_message_template" "t" {
  name     = "plan_rules"
  language = "en_US"
  category = "UTILITY"
  body     = "Hello {{1}}"
  body_examples = ["Ana"]
%s
}
`, extra)
	}
	account := templateAccountConfig(s)
	noApp := strings.Replace(account, fmt.Sprintf("app_id              = %q\n", sandbox.DefaultAppID), "", 1)
	noWABA := strings.Replace(account, fmt.Sprintf("business_account_id = %q\n", sandbox.DefaultBusinessAccountID), "", 1)
	cases := []struct {
		name, config string
		want         string
	}{
		{"no business account", noWABA + tmpl(""), `Missing WhatsApp Business Account ID.*WHATSAPP_BUSINESS_ACCOUNT_ID`},
		{"no app for the header", noApp + tmpl(fmt.Sprintf(`header_format = "IMAGE"
  header_example = %q`, png)), `Missing WhatsApp App ID.*WHATSAPP_APP_ID`},
		{"On-Premises", onPremProviderConfig(s) + tmpl(""), `Message Templates Need the Cloud API`},
		{"example of the wrong type", account + tmpl(fmt.Sprintf(`header_format = "IMAGE"
  header_example = %q`, pdf)), `Template Header Example of the Wrong Type.*application/pdf`},
		{"media header without example", account + tmpl(`header_format = "VIDEO"`), `Missing Template Header Example`},
		{"text header without text", account + tmpl(`header_format = "TEXT"`), `Missing Template Header Text`},
		{"examples do not match", strings.Replace(account+tmpl(""), `["Ana"]`, `["Ana", "Bo"]`, 1), `Template Body Examples Do Not Match.*1 variable`},
		{"URL button without url", account + tmpl(`buttons = [{ type = "URL", text = "Shop" }]`), `Missing Template Button URL`},
		{"bad category", strings.Replace(account+tmpl(""), `"UTILITY"`, `"PROMO"`, 1), `Invalid Attribute Value Match`},
		{"bad name", strings.Replace(account+tmpl(""), `"plan_rules"`, `"Plan Rules"`, 1), `Invalid WhatsApp Template Name`},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: c.config, PlanOnly: true, ExpectError: regexp.MustCompile(`(?s)` + c.want)})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: steps})
	if n := len(s.Requests()); n != 0 {
		t.Errorf("invalid template configurations made %d requests, want none: %+v", n, s.Requests())
	}
}

func jsonUnmarshal(raw []byte, v any) error { return json.Unmarshal(raw, v) }

// TestAccMessageTemplate_broadcastExample applies examples/template_broadcast
// as a user would (init, apply, an empty plan, destroy): the template is
// created with its image header from the example's file and approved before
// the module sends the banner as its header to every customer; none of those
// sends fails for the 24-hour window, although no customer wrote.
// Not parallel: it sets the environment and the working directory.
func TestAccMessageTemplate_broadcastExample(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	s := startSandbox(t)
	s.SetTemplateReview(sandbox.TemplateReview{Delay: 500 * time.Millisecond})
	for k, v := range map[string]string{envAPI: apiCloud, envBaseURL: s.URL(), envPhoneNumberID: sandbox.DefaultPhoneNumberID,
		envAccessToken: sandbox.DefaultAccessToken, envBusinessAccountID: sandbox.DefaultBusinessAccountID, envAppID: sandbox.DefaultAppID} {
		t.Setenv(k, v)
	}
	_, thisFile, _, _ := runtime.Caller(0)
	examples := filepath.Join(filepath.Dir(thisFile), "..", "..", "examples")
	root := t.TempDir()
	for _, dir := range []string{"template_broadcast", "modules/media_broadcast"} {
		if err := os.CopyFS(filepath.Join(root, dir), os.DirFS(filepath.Join(examples, dir))); err != nil {
			t.Fatal(err)
		}
	}
	dir := filepath.Join(root, "template_broadcast")
	t.Chdir(dir)
	tf := newTerraformCLI(t, dir).run
	customers := `-var=customers=["+16315551001","+16315551002"]`
	tf("init", "-input=false")
	tf("apply", "-auto-approve", "-input=false", customers)

	tmpl, ok := sandboxTemplate(s, "spring_launch")
	if !ok || tmpl.Status != sandbox.TemplateApproved {
		t.Fatalf("the sandbox's spring_launch: %+v (found %v), want APPROVED", tmpl, ok)
	}
	msgs := s.Messages()
	if len(msgs) != 2 {
		t.Fatalf("the sandbox took %d messages, want 2", len(msgs))
	}
	for _, m := range msgs {
		if m.Type != "template" || m.Failure != nil || !strings.Contains(string(m.Body), `"name":"spring_launch"`) {
			t.Errorf("message %s: type %s, failure %+v, body %s", m.ID, m.Type, m.Failure, m.Body)
		}
	}
	tf("plan", "-detailed-exitcode", "-input=false", customers)

	// A new banner (the catalogue) changes what is sent, not the template:
	// header_example is a file of its own, so no edit counts against Meta's limit.
	writeFile(t, filepath.Join(dir, "files", "banner.png"), mediafiletest.PNG(16, 16, 5))
	tf("plan", "-input=false", "-out=banner.tfplan", customers)
	planJSON, _ := tf("show", "-json", "banner.tfplan")
	if acts := plannedActions(t, planJSON, "whatsapp_message_template.spring_launch"); len(acts) != 1 || acts[0] != "no-op" {
		t.Errorf("a new banner plans %v for the template, want no-op", acts)
	}
	if acts := plannedActions(t, planJSON, `module.spring_launch.whatsapp_media.this`); len(acts) == 0 || acts[0] == "no-op" {
		t.Errorf("a new banner plans %v for the uploaded media, want a change", acts)
	}
	tf("destroy", "-auto-approve", "-input=false", customers)
	if _, ok := sandboxTemplate(s, "spring_launch"); ok {
		t.Error("destroy left the template on the sandbox")
	}
	if n := len(s.Messages()); n != 2 {
		t.Errorf("plan and destroy sent %d more messages", n-2)
	}
}

// plannedActions is the actions `terraform show -json` of a plan gives the
// resource at addr (nil when the plan does not name it).
func plannedActions(t *testing.T, planJSON, addr string) []string {
	t.Helper()
	var plan struct {
		ResourceChanges []struct {
			Address string `json:"address"`
			Change  struct {
				Actions []string `json:"actions"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(planJSON), &plan); err != nil {
		t.Fatalf("read the plan: %v", err)
	}
	for _, rc := range plan.ResourceChanges {
		if rc.Address == addr {
			return rc.Change.Actions
		}
	}
	return nil
}

// TestAccMessageTemplate_importedEditLimit: an imported template's earlier
// edits are not known (edit_times starts empty), so the plan lets an edit
// through that Meta then refuses at apply: the sandbox enforces the same
// limit, and the error names it. Nothing changes on the template.
func TestAccMessageTemplate_importedEditLimit(t *testing.T) {
	s := startSandbox(t)
	s.SetTemplateReview(sandbox.TemplateReview{Delay: 100 * time.Millisecond})
	note := func(body string) string {
		return templateAccountConfig(s) + fmt.Sprintf(`
resource "whatsapp_message_template" "note" {
  name              = "order_note"
  language          = "en_US"
  category          = "UTILITY"
  body              = %q
  body_examples     = ["A-1001"]
  wait_for_approval = true
  review_timeout    = "30s"
}
`, body)
	}
	dir := t.TempDir()
	cli := newTerraformCLI(t, dir)
	apply := func(body string) {
		writeFile(t, filepath.Join(dir, "main.tf"), []byte(cliProviderBlock()+note(body)))
		cli.run("apply", "-auto-approve", "-input=false")
	}
	writeFile(t, filepath.Join(dir, "main.tf"), []byte(cliProviderBlock()+note("Order {{1}} is ready.")))
	cli.run("init", "-input=false")
	apply("Order {{1}} is ready.")
	apply("Order {{1}} is ready for pickup.") // an edit of the approved template, kept in edit_times
	tm, _ := sandboxTemplate(s, "order_note")

	// Forgotten and imported again: Terraform no longer knows of that edit.
	cli.run("state", "rm", "whatsapp_message_template.note")
	cli.run("import", "-input=false", "whatsapp_message_template.note", tm.ID)
	writeFile(t, filepath.Join(dir, "main.tf"), []byte(cliProviderBlock()+note("Order {{1}} is ready at the counter.")))
	stdout, stderr := cli.fail("apply", "-auto-approve", "-input=false")
	out := oneLine(stdout + stderr)
	for _, want := range []string{"Unable to Edit WhatsApp Message Template", "not ones made before an import", "edit limit reached"} {
		if !strings.Contains(out, want) {
			t.Errorf("the apply error lacks %q:\n%s", want, out)
		}
	}
	if n := countRequests(s, http.MethodPost, "^/v[0-9.]+/"+tm.ID+"$"); n != 2 {
		t.Errorf("%d edit requests reached the sandbox in all, want 2 (the first edit, and the refused one)", n)
	}
	if got, _ := sandboxTemplate(s, "order_note"); got.Components[0].Text != "Order {{1}} is ready for pickup." || got.Status != sandbox.TemplateApproved {
		t.Errorf("the refused edit changed the template: %+v", got)
	}
}
