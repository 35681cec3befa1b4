package provider

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// writeOnlyConfig gives one secret of each kind write-only, from ephemeral
// variables (TF_VAR_ in the environment), and their versions from -var.
const writeOnlyConfig = `
variable "cdn_token" {
  type      = string
  ephemeral = true
}

variable "intranet_password" {
  type      = string
  ephemeral = true
}

variable "token_version" {
  type = number
}

variable "password_version" {
  type = number
}

resource "whatsapp_media_provider" "cdn" {
  name                    = "cdn"
  bearer_token_wo         = var.cdn_token
  bearer_token_wo_version = var.token_version
}

resource "whatsapp_media_provider" "intranet" {
  name                      = "intranet"
  basic_username            = "fetcher"
  basic_password_wo         = var.intranet_password
  basic_password_wo_version = var.password_version
}
`

// writeOnlyRun is one plan or apply of writeOnlyConfig with these secrets and versions.
type writeOnlyRun struct {
	token, password               string
	tokenVersion, passwordVersion int
}

func (w writeOnlyRun) args(cmd ...string) []string {
	return append(cmd, "-input=false",
		fmt.Sprintf("-var=token_version=%d", w.tokenVersion), fmt.Sprintf("-var=password_version=%d", w.passwordVersion))
}

// TestAccMediaProvider_writeOnly runs the real CLI (Terraform, or OpenTofu when
// that is older than 1.11) through create, a secret changed without its
// version, a roll by version, drift and destroy, and proves after each step
// that no secret is in the saved plan, the state or the CLI's output, while the
// sandbox received each secret it should have.
func TestAccMediaProvider_writeOnly(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	useWriteOnlyCLI(t) // before newTerraformCLI, which reads the CLI's path
	s := startSandbox(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.tf"), []byte(cliProviderBlock()+onPremProviderConfig(s)+writeOnlyConfig))
	tf := newTerraformCLI(t, dir)
	var secrets []string // every secret used so far: none may ever show up
	use := func(w writeOnlyRun) {
		tf.extraEnv = []string{"TF_VAR_cdn_token=" + w.token, "TF_VAR_intranet_password=" + w.password}
		secrets = append(secrets, w.token, w.password)
	}
	noSecrets := func(what, text string) {
		t.Helper()
		for _, secret := range secrets {
			for _, form := range []string{secret, base64.StdEncoding.EncodeToString([]byte(secret))} {
				if strings.Contains(text, form) {
					t.Fatalf("%s holds the secret %q", what, secret)
				}
			}
		}
	}
	// planSaved plans into a file, checks its JSON, and returns the actions per address.
	planSaved := func(w writeOnlyRun) map[string][]string {
		t.Helper()
		out, errOut := tf.run(w.args("plan", "-out=tfplan")...)
		noSecrets("the plan output", out+errOut)
		planJSON, _ := tf.run("show", "-json", "tfplan")
		noSecrets("the saved plan (show -json)", planJSON)
		var plan struct {
			ResourceChanges []struct {
				Address string `json:"address"`
				Change  struct {
					Actions []string       `json:"actions"`
					After   map[string]any `json:"after"`
				} `json:"change"`
			} `json:"resource_changes"`
		}
		if err := json.Unmarshal([]byte(planJSON), &plan); err != nil {
			t.Fatal(err)
		}
		actions := map[string][]string{}
		for _, rc := range plan.ResourceChanges {
			actions[rc.Address] = rc.Change.Actions
			for _, attr := range []string{"bearer_token_wo", "basic_password_wo", "bearer_token", "basic_password"} {
				if v := rc.Change.After[attr]; v != nil {
					t.Fatalf("the saved plan has %s.%s = %v, want null", rc.Address, attr, v)
				}
			}
		}
		return actions
	}
	applySaved := func() {
		t.Helper()
		out, errOut := tf.run("apply", "-input=false", "tfplan")
		noSecrets("the apply output", out+errOut)
		checkState(t, tf, dir, noSecrets)
	}
	// planNothing proves a plan has no changes (-detailed-exitcode exits 0).
	planNothing := func(w writeOnlyRun) {
		t.Helper()
		out, errOut, err := tf.exec(w.args("plan", "-detailed-exitcode")...)
		if err != nil {
			t.Fatalf("plan: %v, want no changes (exit 0)\n%s\n%s", err, out, errOut)
		}
	}
	expectSandbox := func(token, password string) {
		t.Helper()
		want := []sandbox.MediaProvider{
			{Name: "cdn", Type: "www", Bearer: token},
			{Name: "intranet", Type: "www", BasicUsername: "fetcher", BasicPassword: password},
		}
		if got := s.MediaProviders(); !reflect.DeepEqual(got, want) {
			t.Fatalf("sandbox media providers:\n got  %+v\n want %+v", got, want)
		}
	}
	const cdn, intranet = "whatsapp_media_provider.cdn", "whatsapp_media_provider.intranet"

	tf.run("init", "-input=false")
	checkWriteOnlySchema(t, tf)

	// Create: both secrets reach the sandbox, neither reaches plan nor state.
	first := writeOnlyRun{token: "tok-1-c8e2", password: "pw-1-77b1", tokenVersion: 1, passwordVersion: 1}
	use(first)
	if got := planSaved(first); !reflect.DeepEqual(got, map[string][]string{cdn: {"create"}, intranet: {"create"}}) {
		t.Fatalf("first plan: actions %v, want both created", got)
	}
	applySaved()
	expectSandbox("tok-1-c8e2", "pw-1-77b1")
	planNothing(first)

	// New secrets without new versions: Terraform cannot see them, so nothing
	// is planned and the sandbox keeps the old ones. This is documented.
	use(writeOnlyRun{token: "tok-2-41fa", password: "pw-2-9d03", tokenVersion: 1, passwordVersion: 1})
	planNothing(writeOnlyRun{token: "tok-2-41fa", password: "pw-2-9d03", tokenVersion: 1, passwordVersion: 1})
	expectSandbox("tok-1-c8e2", "pw-1-77b1")

	// Rolling the token by its version updates cdn in place and sends the new
	// token; the password, whose version did not change, is not sent again.
	roll := writeOnlyRun{token: "tok-2-41fa", password: "pw-2-9d03", tokenVersion: 2, passwordVersion: 1}
	if got := planSaved(roll); !reflect.DeepEqual(got, map[string][]string{cdn: {"update"}, intranet: {"no-op"}}) {
		t.Fatalf("roll plan: actions %v, want cdn updated, intranet unchanged", got)
	}
	applySaved()
	expectSandbox("tok-2-41fa", "pw-1-77b1")

	// Rolling the password too.
	roll.passwordVersion = 2
	if got := planSaved(roll); !reflect.DeepEqual(got, map[string][]string{cdn: {"no-op"}, intranet: {"update"}}) {
		t.Fatalf("password roll plan: actions %v, want intranet updated", got)
	}
	applySaved()
	expectSandbox("tok-2-41fa", "pw-2-9d03")
	planNothing(roll)

	// A token changed outside Terraform: refresh warns, and the plan sends the
	// configured one again.
	s.PutMediaProvider(sandbox.MediaProvider{Name: "cdn", Type: "www", Bearer: "rotated-by-someone"})
	out, errOut, err := tf.exec(roll.args("plan", "-detailed-exitcode")...)
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		t.Fatalf("plan after drift: %v, want changes (exit 2)\n%s\n%s", err, out, errOut)
	}
	if all := oneLine(out + errOut); !strings.Contains(all, "Secret Changed Outside Terraform") ||
		!regexp.MustCompile(`\+ bearer_token_wo_version\s+= 2`).MatchString(out) {
		t.Fatalf("plan after drift does not warn and re-set bearer_token_wo_version:\n%s\n%s", out, errOut)
	}
	if got := planSaved(roll); !reflect.DeepEqual(got, map[string][]string{cdn: {"update"}, intranet: {"no-op"}}) {
		t.Fatalf("drift plan: actions %v, want cdn updated", got)
	}
	applySaved()
	expectSandbox("tok-2-41fa", "pw-2-9d03")
	planNothing(roll)

	// Import holds the API's token in state (it returns it in clear); the
	// write-only configuration then plans an update that sends the configured
	// token and takes the imported one out of the state.
	tf.run("state", "rm", cdn)
	s.PutMediaProvider(sandbox.MediaProvider{Name: "cdn", Type: "www", Bearer: "set-by-hand"})
	tf.run(append(roll.args("import"), cdn, "cdn")...) // options before the address
	if got := planSaved(roll); !reflect.DeepEqual(got, map[string][]string{cdn: {"update"}, intranet: {"no-op"}}) {
		t.Fatalf("plan after import: actions %v, want cdn updated", got)
	}
	secrets = append(secrets, "set-by-hand") // the imported token must leave the state
	applySaved()
	expectSandbox("tok-2-41fa", "pw-2-9d03")
	planNothing(roll)

	out, errOut = tf.run(roll.args("destroy", "-auto-approve")...)
	noSecrets("the destroy output", out+errOut)
	if got := s.MediaProviders(); len(got) != 0 {
		t.Fatalf("destroy left media providers %+v", got)
	}
}

// checkState reads the state as `show -json` prints it and as the file holds
// it (with the private data), and checks no secret is in either, the
// write-only attributes are null and their versions are stored.
func checkState(t *testing.T, tf *cliRunner, dir string, noSecrets func(what, text string)) {
	t.Helper()
	stateJSON, _ := tf.run("show", "-json")
	noSecrets("the state (show -json)", stateJSON)
	raw, err := os.ReadFile(filepath.Join(dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	noSecrets("terraform.tfstate", string(raw))
	var state struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Address string         `json:"address"`
					Values  map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(stateJSON), &state); err != nil {
		t.Fatal(err)
	}
	for _, r := range state.Values.RootModule.Resources {
		for _, attr := range []string{"bearer_token_wo", "basic_password_wo", "bearer_token", "basic_password"} {
			if v := r.Values[attr]; v != nil {
				t.Fatalf("state has %s.%s = %v, want null", r.Address, attr, v)
			}
		}
		version := map[string]string{"whatsapp_media_provider.cdn": "bearer_token_wo_version",
			"whatsapp_media_provider.intranet": "basic_password_wo_version"}[r.Address]
		if v, ok := r.Values[version].(float64); !ok || v < 1 {
			t.Fatalf("state has %s.%s = %v, want the configured version", r.Address, version, r.Values[version])
		}
	}
}

// checkWriteOnlySchema proves the CLI sees the _wo attributes as write-only
// and their versions as ordinary stored arguments.
func checkWriteOnlySchema(t *testing.T, tf *cliRunner) {
	t.Helper()
	// Not tf.run: it puts -no-color after the first word, which "providers schema" refuses.
	cmd := exec.Command(tf.terraformPath, "providers", "schema", "-json")
	cmd.Dir, cmd.Env = tf.dir, tf.environ()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("providers schema -json: %v", err)
	}
	var schemas struct {
		ProviderSchemas map[string]struct {
			ResourceSchemas map[string]struct {
				Block struct {
					Attributes map[string]struct {
						WriteOnly bool `json:"write_only"`
						Sensitive bool `json:"sensitive"`
					} `json:"attributes"`
				} `json:"block"`
			} `json:"resource_schemas"`
		} `json:"provider_schemas"`
	}
	if err := json.Unmarshal(out, &schemas); err != nil {
		t.Fatal(err)
	}
	attrs := schemas.ProviderSchemas[cliProviderAddress()].ResourceSchemas["whatsapp_media_provider"].Block.Attributes
	for name, wantWriteOnly := range map[string]bool{
		"bearer_token_wo": true, "basic_password_wo": true,
		"bearer_token_wo_version": false, "basic_password_wo_version": false, "bearer_token": false,
	} {
		a, ok := attrs[name]
		if !ok || a.WriteOnly != wantWriteOnly {
			t.Fatalf("providers schema -json: %s = %+v (present %v), want write_only %v", name, a, ok, wantWriteOnly)
		}
	}
}

// TestAccMediaProvider_writeOnlyInvalidConfig proves each secret has exactly
// one way in, a _wo_version needs its _wo, and the Bearer-or-Basic rule holds
// across the write-only attributes, all at plan time with nothing sent.
func TestAccMediaProvider_writeOnlyInvalidConfig(t *testing.T) {
	useWriteOnlyCLI(t)
	s := startSandbox(t)
	cfg := func(body string) string {
		return onPremProviderConfig(s) + "\nresource \"whatsapp_media_provider\" \"cdn\" {\n  name = \"cdn\"\n" + body + "\n}\n"
	}
	step := func(body, wantErr string) resource.TestStep {
		// The CLI wraps long errors at any space.
		pattern := strings.ReplaceAll(regexp.QuoteMeta(wantErr), " ", `\s+`)
		return resource.TestStep{Config: cfg(body), PlanOnly: true, ExpectError: regexp.MustCompile(pattern)}
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			step(`bearer_token = "t"`+"\n"+`bearer_token_wo = "t"`,
				`Attribute "bearer_token" cannot be specified when "bearer_token_wo" is specified`),
			step(`basic_username = "u"`+"\n"+`basic_password = "p"`+"\n"+`basic_password_wo = "p"`,
				`Attribute "basic_password" cannot be specified when "basic_password_wo" is specified`),
			step(`bearer_token = "t"`+"\n"+`bearer_token_wo_version = 1`,
				`Attribute "bearer_token_wo" must be specified when "bearer_token_wo_version" is specified`),
			step(`basic_username = "u"`+"\n"+`basic_password = "p"`+"\n"+`basic_password_wo_version = 1`,
				`Attribute "basic_password_wo" must be specified when "basic_password_wo_version" is specified`),
			step(`basic_password_wo = "p"`,
				`Attribute "basic_username" must be specified when "basic_password_wo" is specified`),
			step(`basic_username = "u"`,
				`Attribute "basic_password" or "basic_password_wo" must be specified when "basic_username" is specified`),
			step(`bearer_token_wo = "t"`+"\n"+`basic_username = "u"`+"\n"+`basic_password_wo = "p"`,
				`2 attributes specified when one (and only one) of [bearer_token,bearer_token_wo,basic_username]`),
		},
	})
	if n := countRequests(s, "", `/media/providers`); n != 0 {
		t.Errorf("invalid configurations sent %d requests to the media providers endpoint, want 0", n)
	}
	mpCheckNoProviders(t, s)
}

// A fingerprint recognises its secret and no other, two fingerprints of one
// secret differ (salted), and the recorded form does not hold the secret.
func TestSecretFingerprint(t *testing.T) {
	const secret = "s3cret-token"
	a, err := newSecretFingerprint(secret)
	if err != nil {
		t.Fatal(err)
	}
	b, err := newSecretFingerprint(secret)
	if err != nil {
		t.Fatal(err)
	}
	if !a.matches(secret) || !b.matches(secret) {
		t.Error("a fingerprint does not match its own secret")
	}
	if a.matches("s3cret-tokeN") || a.matches("") {
		t.Error("a fingerprint matches another secret")
	}
	if a == b {
		t.Error("two fingerprints of one secret are equal: the salt is not random")
	}
	data, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), secret) {
		t.Errorf("the recorded fingerprint %s holds the secret", data)
	}
	if (secretFingerprint{Salt: "not hex", SHA256: a.SHA256}).matches(secret) {
		t.Error("a fingerprint with a corrupt salt matches")
	}
}
