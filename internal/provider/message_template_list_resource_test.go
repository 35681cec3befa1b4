package provider

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile/mediafiletest"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// orderUpdate is a utility template with a text header, a variable, a footer
// and two buttons, in language lang, as Meta returns one it approved.
func orderUpdate(lang, body string) sandbox.MessageTemplate {
	return sandbox.MessageTemplate{Name: "order_update", Language: lang, Category: "UTILITY",
		Components: []sandbox.TemplateComponent{
			{Type: "HEADER", Format: "TEXT", Text: "Your order"},
			{Type: "BODY", Text: body, Example: json.RawMessage(`{"body_text":[["A-1001"]]}`)},
			{Type: "FOOTER", Text: "Sandbox Shop"},
			{Type: "BUTTONS", Buttons: []sandbox.TemplateButtonDef{
				{Type: "URL", Text: "Track", URL: "https://shop.example.com/track/{{1}}", Example: []string{"A-1001"}},
				{Type: "QUICK_REPLY", Text: "Stop updates"},
			}},
		}}
}

// TestAccMessageTemplateList_queryAndImport: terraform query finds the
// business account's templates, every language its own entry;
// -generate-config-out writes an import block (by identity) and a resource
// block for each. The text templates import with a plan of no changes; the
// media header's block needs header_example, which the user adds, and the
// apply then records it without editing the template: importing writes
// nothing to the API, and the next plan is empty.
func TestAccMessageTemplateList_queryAndImport(t *testing.T) {
	useActionsCLI(t)
	s := startSandbox(t)
	en := s.PutTemplate(orderUpdate("en_US", "Order {{1}} has shipped."))
	es := s.PutTemplate(orderUpdate("es", "El pedido {{1}} ha salido."))
	welcome, _ := sandboxTemplate(s, "welcome_kit")

	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.tf"), []byte(cliProviderBlock()+templateAccountConfig(s)))
	writeFile(t, filepath.Join(dir, "templates.tfquery.hcl"), templateListExample(t))
	writeFile(t, filepath.Join(dir, "welcome-example.png"), mediafiletest.PNG(16, 16, 3))
	tf := newTerraformCLI(t, dir).run
	tf("init", "-input=false")

	out, _ := tf("query")
	for _, want := range []string{"welcome_kit (en_US, MARKETING, APPROVED)", "order_update (en_US, UTILITY, APPROVED)",
		"order_update (es, UTILITY, APPROVED)"} {
		if !strings.Contains(out, want) {
			t.Errorf("terraform query does not list %q:\n%s", want, out)
		}
	}

	tf("query", "-generate-config-out=generated.tf")
	generated, err := os.ReadFile(filepath.Join(dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	config := string(generated)
	for _, id := range []string{en.ID, es.ID, welcome.ID} {
		if !regexp.MustCompile(`(?s)import \{.*identity = \{\s*id = "` + id + `"\s*\}`).MatchString(config) {
			t.Fatalf("generated.tf has no import block for the template %s:\n%s", id, config)
		}
	}
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`body\s*= "El pedido \{\{1\}\} ha salido\."`),
		regexp.MustCompile(`header_text\s*= "Your order"`),
		regexp.MustCompile(`url\s*= "https://shop.example.com/track/\{\{1\}\}"`),
	} {
		if !want.MatchString(config) {
			t.Fatalf("generated.tf lacks %s:\n%s", want, config)
		}
	}
	// What a user does next for the image header: name a sample file (by its
	// full path: this provider runs in the test's process, not in dir).
	blocks := strings.SplitAfter(config, "\n}\n")
	for i, b := range blocks {
		if strings.Contains(b, `resource "whatsapp_message_template"`) && strings.Contains(b, `"welcome_kit"`) {
			blocks[i] = regexp.MustCompile(`(?m)^(\s*)header_example(\s*)= null$`).ReplaceAllString(b, `${1}header_example${2}= `+strconv.Quote(filepath.Join(dir, "welcome-example.png")))
			if blocks[i] == b {
				t.Fatalf("the welcome_kit block has no header_example = null to fill in:\n%s", b)
			}
		}
	}
	writeFile(t, filepath.Join(dir, "generated.tf"), []byte(strings.Join(blocks, "")))

	tf("plan", "-input=false", "-out=import.tfplan")
	planJSON, _ := tf("show", "-json", "import.tfplan")
	imports, changes := plannedImports(t, planJSON)
	if imports != 3 || changes != 1 {
		t.Fatalf("the generated configuration plans %d imports and %d changes, want 3 imports and one change "+
			"(welcome_kit's header_example):\n%s", imports, changes, planJSON)
	}
	before := len(s.Requests())
	tf("apply", "-input=false", "import.tfplan")
	for _, r := range s.Requests()[before:] {
		if r.Method != http.MethodGet {
			t.Errorf("importing sent %s %s; it must only read (no upload, no edit)", r.Method, r.Path)
		}
	}
	// -detailed-exitcode: 0 means no changes (tf fails the test on any other code).
	tf("plan", "-input=false", "-detailed-exitcode")
	if got, _ := sandboxTemplate(s, "welcome_kit"); got.Status != sandbox.TemplateApproved {
		t.Errorf("welcome_kit is %s after the import, want APPROVED (no edit sent it to review)", got.Status)
	}
}

// templateListExample is the list resource's documented example.
func templateListExample(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "examples", "list-resources", "whatsapp_message_template", "list-resource.tfquery.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestAccMessageTemplateList_needsTheAccount: without business_account_id,
// or on the On-Premises API, the query fails with the resource's
// explanation and asks the API nothing.
func TestAccMessageTemplateList_needsTheAccount(t *testing.T) {
	useActionsCLI(t)
	s := startSandbox(t)
	noWABA := strings.Replace(templateAccountConfig(s), `business_account_id = "`+sandbox.DefaultBusinessAccountID+"\"\n", "", 1)
	for _, c := range []struct{ provider, want string }{
		{noWABA, "Missing WhatsApp Business Account ID"},
		{onPremProviderConfig(s), "WhatsApp Message Templates Need the Cloud API"},
	} {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "main.tf"), []byte(cliProviderBlock()+c.provider))
		writeFile(t, filepath.Join(dir, "templates.tfquery.hcl"), templateListExample(t))
		cli := newTerraformCLI(t, dir)
		cli.run("init", "-input=false")
		stdout, stderr := cli.fail("query")
		if out := oneLine(stdout + stderr); !strings.Contains(out, c.want) {
			t.Errorf("the query error does not say %q:\n%s", c.want, out)
		}
	}
	if n := len(s.Requests()); n != 0 {
		t.Errorf("the sandbox received %d requests, want none", n)
	}
}

// TestAccMessageTemplate_identity: a created template carries its ID as its
// identity, and an import block can name it by identity alone.
func TestAccMessageTemplate_identity(t *testing.T) {
	useActionsCLI(t)
	s := startSandbox(t)
	config := templateAccountConfig(s) + `
resource "whatsapp_message_template" "note" {
  name          = "order_note"
  language      = "en_US"
  category      = "UTILITY"
  body          = "Order {{1}} is ready."
  body_examples = ["A-1001"]
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity("whatsapp_message_template.note", map[string]knownvalue.Check{
						"id": knownvalue.StringFunc(func(id string) error {
							if tm, ok := sandboxTemplate(s, "order_note"); !ok || tm.ID != id {
								return fmt.Errorf("identity id %q, the sandbox's %q", id, tm.ID)
							}
							return nil
						})}),
				},
			},
			{
				ResourceName:    "whatsapp_message_template.note",
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
				Config:          config,
			},
		},
	})
}
