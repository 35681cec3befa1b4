package provider

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// listExample is the list resource's documented example, the query file of
// these tests, so the docs show what is tested.
func listExample(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "examples", "list-resources", "whatsapp_media_provider", "list-resource.tfquery.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestAccMediaProviderList_queryAndImport: terraform query finds the media
// providers an On-Premises API already has, -generate-config-out writes an
// import block (by identity) and a resource block for each, and that
// configuration, with its secrets filled in where it says "# sensitive",
// imports them with a plan of no changes, writing nothing to the API.
func TestAccMediaProviderList_queryAndImport(t *testing.T) {
	useActionsCLI(t)
	s := startSandbox(t)
	s.PutMediaProvider(sandbox.MediaProvider{Name: "cdn", Type: "www", Bearer: "cdn-token"})
	s.PutMediaProvider(sandbox.MediaProvider{Name: "intranet", Type: "www", BasicUsername: "fetcher", BasicPassword: "pa55"})

	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.tf"), []byte(cliProviderBlock()+onPremProviderConfig(s)))
	writeFile(t, filepath.Join(dir, "providers.tfquery.hcl"), listExample(t))
	tf := newTerraformCLI(t, dir).run
	tf("init", "-input=false")

	out, _ := tf("query")
	for _, want := range []string{"cdn (bearer token)", "intranet (basic auth as fetcher)"} {
		if !strings.Contains(out, want) {
			t.Errorf("terraform query does not list %q:\n%s", want, out)
		}
	}
	for _, secret := range []string{"cdn-token", "pa55"} {
		if strings.Contains(out, secret) {
			t.Errorf("terraform query printed a secret (%.3s...):\n%s", secret, out)
		}
	}

	tf("query", "-generate-config-out=generated.tf")
	generated, err := os.ReadFile(filepath.Join(dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	config := string(generated)
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?s)import \{.*identity = \{\s*name = "cdn"\s*\}`),
		regexp.MustCompile(`(?s)import \{.*identity = \{\s*name = "intranet"\s*\}`),
		regexp.MustCompile(`basic_username\s*= "fetcher"`),
	} {
		if !want.MatchString(config) {
			t.Fatalf("generated.tf lacks %s:\n%s", want, config)
		}
	}
	if strings.Contains(config, "cdn-token") || strings.Contains(config, "pa55") {
		t.Fatalf("generated.tf holds a secret:\n%s", config)
	}
	// What a user does next: put each secret where the generated file says
	// "# sensitive" (here from variables).
	config = fillSecret(t, config, "cdn", "bearer_token", "var.cdn_token")
	config = fillSecret(t, config, "intranet", "basic_password", "var.intranet_password")
	writeFile(t, filepath.Join(dir, "generated.tf"), []byte(config+`
variable "cdn_token" {
  type      = string
  sensitive = true
}

variable "intranet_password" {
  type      = string
  sensitive = true
}
`))
	vars := []string{"-var", "cdn_token=cdn-token", "-var", "intranet_password=pa55"}

	tf(append([]string{"plan", "-input=false", "-out=import.tfplan"}, vars...)...)
	planJSON, _ := tf("show", "-json", "import.tfplan")
	imports, changes := plannedImports(t, planJSON)
	if imports != 2 || changes != 0 {
		t.Fatalf("the generated configuration plans %d imports and %d changes, want 2 imports and no change:\n%s", imports, changes, planJSON)
	}
	tf("apply", "-input=false", "import.tfplan")
	// -detailed-exitcode: 0 means no changes (tf fails the test on any other code).
	tf(append([]string{"plan", "-input=false", "-detailed-exitcode"}, vars...)...)
	if n := countRequests(s, "POST", `/media/providers$`); n != 0 {
		t.Errorf("importing wrote %d times to the media providers; it must only read", n)
	}
}

// fillSecret replaces "attr = null # sensitive" with value inside the
// generated resource block whose name is name.
func fillSecret(t *testing.T, config, name, attr, value string) string {
	t.Helper()
	blocks := strings.SplitAfter(config, "\n}\n")
	line := regexp.MustCompile(`(?m)^(\s*` + attr + `\s*=\s*)null # sensitive$`)
	for i, b := range blocks {
		if strings.Contains(b, `resource "whatsapp_media_provider"`) && regexp.MustCompile(`(?m)^\s*name\s*= "`+name+`"$`).MatchString(b) {
			if !line.MatchString(b) {
				t.Fatalf("the generated block of %q lacks %q:\n%s", name, attr+" = null # sensitive", b)
			}
			blocks[i] = line.ReplaceAllString(b, "${1}"+value)
			return strings.Join(blocks, "")
		}
	}
	t.Fatalf("generated.tf has no whatsapp_media_provider block for %q:\n%s", name, config)
	return ""
}

// plannedImports counts, in `terraform show -json` of a plan, the resources
// it imports and the ones it would create, change or delete.
func plannedImports(t *testing.T, planJSON string) (imports, changes int) {
	t.Helper()
	var plan struct {
		ResourceChanges []struct {
			Change struct {
				Actions   []string        `json:"actions"`
				Importing json.RawMessage `json:"importing"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(planJSON), &plan); err != nil {
		t.Fatalf("read the plan: %v", err)
	}
	for _, rc := range plan.ResourceChanges {
		if len(rc.Change.Importing) > 0 {
			imports++
		}
		if len(rc.Change.Actions) != 1 || rc.Change.Actions[0] != "no-op" {
			changes++
		}
	}
	return imports, changes
}

// TestAccMediaProviderList_cloud: on the Cloud API the list fails with the
// resource's explanation, and asks the API nothing.
func TestAccMediaProviderList_cloud(t *testing.T) {
	useActionsCLI(t)
	s := startSandbox(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.tf"), []byte(cliProviderBlock()+cloudProviderConfig(s)))
	writeFile(t, filepath.Join(dir, "providers.tfquery.hcl"), listExample(t))
	cli := newTerraformCLI(t, dir)
	cli.run("init", "-input=false")
	stdout, stderr := cli.fail("query")
	if out := oneLine(stdout + stderr); !strings.Contains(out, "WhatsApp Media Providers Need the On-Premises API") {
		t.Errorf("the query error does not explain itself:\n%s", out)
	}
	if n := len(s.Requests()); n != 0 {
		t.Errorf("the sandbox received %d requests, want none", n)
	}
}

// TestAccMediaProvider_identity: a created media provider carries its name
// as its identity, and an import block can name it by identity alone.
func TestAccMediaProvider_identity(t *testing.T) {
	useActionsCLI(t)
	s := startSandbox(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: mediaProviderBearerConfig(s, "cdn-token"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(mediaProviderAddr, map[string]knownvalue.Check{"name": knownvalue.StringExact("cdn")}),
				},
			},
			{
				ResourceName:    mediaProviderAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
				Config:          mediaProviderBearerConfig(s, "cdn-token"),
			},
		},
	})
}
