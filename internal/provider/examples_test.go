package provider

import (
	"encoding/json"
	"fmt"
	"iter"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile/mediafiletest"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// TestAccExamples_resources applies each examples/resources/<type>/resource.tf,
// the files the docs show, as a user would: init, apply, a plan that must be
// empty, destroy. It runs against the On-Premises sandbox, the flavor on which
// link_provider and media providers work, except whatsapp_webhook, whose
// example is written for Cloud (a verify token and callback_data) and runs
// there with a receiver in this process that answers Meta's challenge, and
// whatsapp_business_profile, written for Cloud too (its photo goes through the
// provider's app_id), and the Cloud-only cloudAccountExamples (whatsapp_app_subscription also with
// that receiver, and the sandbox's app secret in WHATSAPP_APP_SECRET); the
// provider settings come from a provider_override.tf when the example has its
// own provider block, else from a provider.tf beside it; a versions.tf names
// the provider's source, as a user's root module would.
//
// Not parallel: ${path.module} is "." in a root module, and the in-process
// provider resolves relative paths against the test's working directory.
func TestAccExamples_resources(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	examples := filepath.Join(examplesRoot(), "resources")
	vars := map[string][]string{
		"whatsapp_media_provider": {"whatsapp_password=unused", "cdn_token=cdn-token", "intranet_password=pa55"},
		"whatsapp_media_broadcast": {`customers=["+1 631 555 1001", "16315551002", "+1 (631) 555-1003", "+16315551001"]`,
			"catalogue_template=catalogue_2027", `first_names={"+1 631 555 1001" = "Ana", "16315551002" = "Ben"}`},
		"whatsapp_media_campaign": {"catalogue_template=catalogue_2027"},
	}
	// Every folder under examples/resources: a new example runs without an edit here.
	for _, name := range exampleDirs(t, "resources") {
		t.Run(name, func(t *testing.T) {
			if name == "whatsapp_media_provider" || name == "whatsapp_webhook" || name == "whatsapp_app_subscription" {
				useWriteOnlyCLI(t) // their examples give a secret write-only
			}
			s := startSandbox(t)
			if name == "whatsapp_webhook" || name == "whatsapp_app_subscription" {
				rc := startWebhookReceiver(t, "example-token")
				vars[name] = []string{"webhook_url=" + rc.URL + "/whatsapp", "webhook_verify_token=example-token"}
			}
			if name == "whatsapp_app_subscription" {
				t.Setenv(envAppSecret, sandbox.DefaultAppSecret) // the app's webhook takes an app access token
			}
			// The message example names a media provider "cdn" it does not create;
			// the media provider example creates it (and may not find it there).
			if name != "whatsapp_media_provider" {
				s.PutMediaProvider(sandbox.MediaProvider{Name: "cdn", Type: "www", Bearer: "cdn-token"})
			}
			// The broadcast example sends its PDF as the header of the account's catalogue template.
			s.PutTemplate(sandbox.MessageTemplate{Name: "catalogue_2027", Language: "en_US", Category: "MARKETING",
				Components: []sandbox.TemplateComponent{{Type: "HEADER", Format: "DOCUMENT"},
					{Type: "BODY", Text: "Hi {{1}}, here is our new catalogue."}}})

			dir := t.TempDir()
			if err := os.CopyFS(dir, os.DirFS(filepath.Join(examples, name))); err != nil {
				t.Fatal(err)
			}
			example, err := os.ReadFile(filepath.Join(dir, "resource.tf"))
			if err != nil {
				t.Fatal(err)
			}
			// On-Premises with the template namespace: the message example sends a template too.
			settings := templateProviderConfig(apiOnPremises, s)
			if cloudAccountExamples[name] {
				settings = templateAccountConfig(s) // Cloud only, with the business account and app
				s.SetTemplateReview(sandbox.TemplateReview{Delay: 200 * time.Millisecond})
			}
			if name == "whatsapp_webhook" {
				settings = cloudProviderConfig(s)
			}
			if name == "whatsapp_business_profile" {
				settings = templateAccountConfig(s) // Cloud, with the app the photo is uploaded through
			}
			providerFile := "provider.tf"
			if strings.Contains(string(example), `provider "whatsapp"`) {
				providerFile = "provider_override.tf"
			}
			writeFile(t, filepath.Join(dir, providerFile), []byte(settings))
			writeFile(t, filepath.Join(dir, "versions.tf"),
				[]byte(cliProviderBlock()))

			t.Chdir(dir)
			tf := newTerraformCLI(t, dir).run
			var varArgs []string
			for _, v := range vars[name] {
				varArgs = append(varArgs, "-var", v)
			}
			run := func(args ...string) string {
				stdout, stderr := tf(append(args, varArgs...)...)
				return stdout + stderr
			}
			run("init", "-input=false")
			run("apply", "-auto-approve", "-input=false")
			sent := len(s.Messages())
			for _, m := range s.Messages() {
				// A broadcast reaches customers who did not just write: it must be a template send.
				if m.Failure != nil && (name == "whatsapp_media_broadcast" || name == "whatsapp_media_campaign") {
					t.Errorf("the example's send to %s failed: %+v", m.To, *m.Failure)
				}
				// The broadcast greets the customers first_names names by their name, the others as "there".
				if greeting := map[string]string{"16315551001": "Ana", "16315551002": "Ben", "16315551003": "there"}[m.To]; name == "whatsapp_media_broadcast" &&
					!strings.Contains(string(m.Body), `"text":"`+greeting+`"`) {
					t.Errorf("the example's send to %s lacks its greeting %q: %s", m.To, greeting, m.Body)
				}
			}
			// -detailed-exitcode: 0 means no changes (tf fails the test on any other code).
			run("plan", "-detailed-exitcode", "-input=false")
			run("destroy", "-auto-approve", "-input=false")
			if n := len(s.Messages()); n != sent {
				t.Errorf("plan and destroy sent %d more messages, want none", n-sent)
			}
			if live := s.Media(); len(live) != 0 {
				t.Errorf("destroy left %d media objects on the sandbox", len(live))
			}
			if name == "whatsapp_app_subscription" && (s.AppSubscribed() || len(s.AppWebhookFields()) != 0) {
				t.Errorf("destroy left the app subscribed (%v) or its webhook fields %v", s.AppSubscribed(), s.AppWebhookFields())
			}
			if len(s.QRCodes()) != 0 {
				t.Errorf("destroy left QR codes %+v", s.QRCodes())
			}
		})
	}
}

// cloudAccountExamples run against the Cloud API with the business account
// and app IDs: what they manage has no On-Premises counterpart.
var cloudAccountExamples = map[string]bool{
	"whatsapp_message_template": true, "whatsapp_app_subscription": true,
	"whatsapp_qr_code": true, "whatsapp_conversational_automation": true,
}

// TestAccExamples_dataSources applies each examples/data-sources/<type>/data-source.tf,
// the files the docs show, as TestAccExamples_resources does for resources:
// init, apply, a plan that must be empty, destroy, with the provider settings
// in a provider.tf and the provider's source in a versions.tf. Each example
// runs on every flavor it is written for; setup gives it what it expects to
// find on the account.
func TestAccExamples_dataSources(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	examples := filepath.Join(examplesRoot(), "data-sources")
	cases := []struct {
		name    string
		flavors []string
		setup   func(t *testing.T, s *sandbox.Server, flavor string) []string // returns -var arguments
		sends   int                                                           // messages the apply sends
		// provider is the provider block, when the example needs more than providerConfigFor gives.
		provider func(s *sandbox.Server) string
	}{
		{
			name:    "whatsapp_media",
			flavors: flavors,
			setup: func(t *testing.T, s *sandbox.Server, flavor string) []string {
				id := uploadOutOfBand(t, s, flavor, mediafiletest.PNG(16, 16, 7), "image/png")
				return []string{"-var", "media_id=" + id}
			},
			sends: 1,
		},
		{
			name:    "whatsapp_phone_number",
			flavors: []string{apiCloud}, // the data source needs the Cloud API
			setup: func(t *testing.T, s *sandbox.Server, _ string) []string {
				// Not RED, so the example's precondition lets the broadcast go
				// (TestAccPhoneNumberDataSource_exampleGuardsBroadcast: RED stops it).
				p := s.PhoneNumber()
				p.QualityRating = "YELLOW"
				s.SetPhoneNumber(p)
				return nil
			},
			sends: 2, // the example's default customers
		},
		{
			name:    "whatsapp_business_profile",
			flavors: flavors,
			setup: func(_ *testing.T, s *sandbox.Server, _ string) []string {
				// A contact email, so the example's precondition lets the send go.
				s.SetBusinessProfile(sandbox.BusinessProfile{About: "Plants", Email: "hello@luckyshrub.example.com"})
				return nil
			},
			sends: 1,
		},
		{
			name:     "whatsapp_message_template",
			flavors:  []string{apiCloud}, // templates are read through the Cloud API
			provider: templateAccountConfig,
			sends:    2, // the example's default customers, through the sandbox's approved welcome_kit
		},
		{
			name:    "whatsapp_qr_code",
			flavors: []string{apiCloud}, // QR codes are a Cloud API feature
			setup: func(_ *testing.T, s *sandbox.Server, _ string) []string {
				return []string{"-var", "flyer_code=" + s.PutQRCode("I'd like the spring catalogue").Code}
			},
		},
		{
			name:    "whatsapp_message_statuses",
			flavors: flavors,
			setup: func(t *testing.T, _ *sandbox.Server, _ string) []string {
				// The real receiver as the delivery store, named by the environment
				// as the example's comment says (the token never in a file).
				store := startDeliveryStore(t, "")
				t.Setenv(envDeliveryStoreURL, store.URL)
				t.Setenv(envDeliveryStoreToken, testStoreReadToken)
				return nil
			},
			sends: 2, // the example's default customers
		},
	}
	requireCases(t, "data-sources", func(yield func(string) bool) {
		for _, tc := range cases {
			if !yield(tc.name) {
				return
			}
		}
	})
	for _, tc := range cases {
		for _, flavor := range tc.flavors {
			t.Run(tc.name+"/"+flavor, func(t *testing.T) {
				s := startSandbox(t)
				var vars []string
				if tc.setup != nil {
					vars = tc.setup(t, s, flavor)
				}
				dir := t.TempDir()
				if err := os.CopyFS(dir, os.DirFS(filepath.Join(examples, tc.name))); err != nil {
					t.Fatal(err)
				}
				providerBlock := providerConfigFor(flavor, s)
				if tc.provider != nil {
					providerBlock = tc.provider(s)
				}
				writeFile(t, filepath.Join(dir, "provider.tf"), []byte(providerBlock))
				t.Chdir(dir) // ${path.module} is "." and the in-process provider reads files from here
				writeFile(t, filepath.Join(dir, "versions.tf"),
					[]byte(cliProviderBlock()))

				tf := newTerraformCLI(t, dir).run
				run := func(args ...string) string {
					stdout, stderr := tf(append(args, vars...)...)
					return stdout + stderr
				}
				run("init", "-input=false")
				out := run("apply", "-auto-approve", "-input=false")
				if n := len(s.Messages()); n != tc.sends {
					t.Fatalf("apply sent %d messages, want %d\n%s", n, tc.sends, out)
				}
				// -detailed-exitcode: 0 means no changes (tf fails the test on any other code).
				run("plan", "-detailed-exitcode", "-input=false")
				run("destroy", "-auto-approve", "-input=false")
				if n := len(s.Messages()); n != tc.sends {
					t.Errorf("plan and destroy sent %d more messages, want none", n-tc.sends)
				}
			})
		}
	}
}

// broadcastTree copies examples/broadcast, the media_broadcast module and the
// brochure it sends into a temporary examples tree, as the example sees them
// (../modules, ../quickstart), and returns the broadcast folder.
func broadcastTree(t *testing.T) string {
	t.Helper()
	_, thisFile, _, _ := runtime.Caller(0)
	examples := filepath.Join(filepath.Dir(thisFile), "..", "..", "examples")
	root := t.TempDir()
	for _, rel := range []string{"broadcast/main.tf", "modules/media_broadcast/main.tf", "modules/media_broadcast/variables.tf",
		"modules/media_broadcast/outputs.tf", "modules/media_broadcast/moved_blocks.sh", "quickstart/files/brochure.pdf"} {
		data, err := os.ReadFile(filepath.Join(examples, rel))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(root, filepath.Dir(rel)), 0o700); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(root, rel), data)
	}
	return filepath.Join(root, "broadcast")
}

// useSandboxEnv points the provider at s through WHATSAPP_* environment
// variables alone, as the broadcast example expects. Not for parallel tests.
func useSandboxEnv(t *testing.T, flavor string, s *sandbox.Server) {
	env := map[string]string{envAPI: flavor, envBaseURL: s.URL()}
	if flavor == apiCloud {
		env[envPhoneNumberID], env[envAccessToken] = sandbox.DefaultPhoneNumberID, sandbox.DefaultAccessToken
	} else {
		env[envUsername], env[envPassword] = sandbox.DefaultUsername, sandbox.DefaultPassword
	}
	setProviderEnv(t, env)
}

// customersVar is a -var argument for the broadcast example's customers.
func customersVar(customers ...string) string {
	list, _ := json.Marshal(customers)
	return "customers=" + string(list)
}

// sentRecipients lists the "to" of every send request the sandbox saw,
// accepted or refused, as the request bodies wrote it.
func sentRecipients(s *sandbox.Server) []string {
	var to []string
	for _, r := range s.Requests() {
		if r.Method == "POST" && strings.HasSuffix(r.Path, "/messages") {
			to = append(to, r.To)
		}
	}
	sort.Strings(to)
	return to
}

// TestAccExamples_broadcastModule applies examples/broadcast, which calls
// examples/modules/media_broadcast, as a user would (init, apply, plan,
// destroy) on both flavors, with the provider settings in WHATSAPP_*
// environment variables. One person is one message: a customer listed twice
// in two formats gets one, the sandbox's request log shows canonical numbers
// only (the On-Premises side refuses any other), and the same list
// reformatted plans nothing. A re-upload of the media sends nothing, a
// changed caption warns that it sends again, destroy sends nothing.
//
// It drives the Terraform CLI itself because terraform-plugin-testing cannot
// read a state that holds a module ("Modules are not supported").
// Not parallel: it sets environment variables the in-process provider reads,
// and its working directory.
func TestAccExamples_broadcastModule(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	customers := customersVar("+16315551001", "16315551002", "+1 631 555 1003", "+1 (631) 555-1001")
	reformatted := customersVar("16315551001", "+1-631-555-1002", "1.631.555.1003")
	people := []string{"16315551001", "16315551002", "16315551003"}
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			s := startSandbox(t)
			useSandboxEnv(t, flavor, s)
			dir := broadcastTree(t)
			// A real provider runs in Terraform's working directory, and relative file
			// paths such as "./../quickstart/files/brochure.pdf" resolve there.
			t.Chdir(dir)
			tf := newTerraformCLI(t, dir).run

			tf("init", "-input=false")
			tf("apply", "-auto-approve", "-input=false", "-var", customers)

			if got := sentRecipients(s); fmt.Sprint(got) != fmt.Sprint(people) {
				t.Fatalf("the sandbox saw sends to %q, want one to each person, canonical: %q", got, people)
			}
			ids := map[string]bool{}
			for _, m := range s.Messages() {
				ids[m.ID] = true
				var body struct {
					Document struct{ Filename string } `json:"document"`
				}
				if err := json.Unmarshal(m.Body, &body); err != nil || m.Type != "document" || body.Document.Filename != "catalogue.pdf" {
					t.Errorf("message to %s is a %s named %q, want the document catalogue.pdf", m.To, m.Type, body.Document.Filename)
				}
			}
			var out map[string]string
			outJSON, _ := tf("output", "-json", "message_ids")
			if err := json.Unmarshal([]byte(outJSON), &out); err != nil {
				t.Fatal(err)
			}
			for _, p := range people {
				if !ids[out[p]] {
					t.Errorf("output message_ids[%q] = %q, not a message the sandbox received (outputs: %v)", p, out[p], out)
				}
			}
			if len(out) != len(people) {
				t.Errorf("message_ids has %d keys, want one per person: %v", len(out), out)
			}

			// -detailed-exitcode: 0 means no changes (tf fails the test on any other code).
			tf("plan", "-detailed-exitcode", "-input=false", "-var", customers)
			tf("plan", "-detailed-exitcode", "-input=false", "-var", reformatted)

			// The media is deleted on the server (as Cloud's 30-day expiry does): the
			// next apply uploads it again and sends nothing; the plan after it is empty.
			for _, m := range s.Media() {
				s.DeleteMedia(m.ID)
			}
			stdout, _ := tf("apply", "-auto-approve", "-input=false", "-var", reformatted)
			if !strings.Contains(oneLine(stdout), "1 added, 0 changed, 0 destroyed") {
				t.Errorf("re-apply after the media was deleted did more than upload it again:\n%s", stdout)
			}
			if n := sendRequests(s); n != len(people) {
				t.Errorf("the sandbox saw %d send requests after the media was uploaded again, want %d: none new", n, len(people))
			}
			tf("plan", "-detailed-exitcode", "-input=false", "-var", customers)

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
			writeFile(t, mainTF, []byte(edited))
			planOut, planErr := tf("plan", "-input=false", "-var", customers)
			if !strings.Contains(planOut+planErr, "WhatsApp Message Will Be Sent Again") || !strings.Contains(planOut+planErr, "caption changed") {
				t.Errorf("the plan does not warn that a changed caption sends the messages again:\n%s\n%s", planOut, planErr)
			}
			writeFile(t, mainTF, original)
			stdout, stderr := tf("destroy", "-auto-approve", "-input=false", "-var", customers)
			if !strings.Contains(stdout+stderr, "WhatsApp Message Not Unsent") {
				t.Errorf("destroy did not warn that the recipients keep their messages:\n%s\n%s", stdout, stderr)
			}
			if n := sendRequests(s); n != len(people) {
				t.Errorf("the sandbox saw %d send requests after plan and destroy, want %d: neither may send", n, len(people))
			}
			if got := sentRecipients(s); fmt.Sprint(got) != fmt.Sprint(people) {
				t.Errorf("the request log shows sends to %q, want only the canonical %q", got, people)
			}
		})
	}
}

// TestAccExamples_broadcastModuleMovedBlocks follows the upgrade the module's
// README and the CHANGELOG describe: a state made by the module of before
// (keyed by each recipient as written: a customer listed twice in two formats
// has two messages) is carried to the canonical keys by the moved blocks
// moved_blocks.sh prints. The plan then adds nothing (without the blocks it
// would send again), the duplicate is only forgotten, and the apply sends nothing.
func TestAccExamples_broadcastModuleMovedBlocks(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	s := startSandbox(t)
	useSandboxEnv(t, apiCloud, s)
	dir := broadcastTree(t)
	t.Chdir(dir)
	cli := newTerraformCLI(t, dir)
	tf := cli.run
	customers := customersVar("+16315551001", "+1 631 555 1002", "16315551002", "16315551003")

	// The module as it was: one instance per string.
	moduleTF := filepath.Join(dir, "..", "modules", "media_broadcast", "main.tf")
	current, err := os.ReadFile(moduleTF)
	if err != nil {
		t.Fatal(err)
	}
	old := strings.Replace(string(current), "provider::whatsapp::normalize_recipients(var.recipients)", "toset(var.recipients)", 1)
	if old == string(current) {
		t.Fatal("the module no longer keys for_each with normalize_recipients, which this test replaces")
	}
	writeFile(t, moduleTF, []byte(old))
	tf("init", "-input=false")
	tf("apply", "-auto-approve", "-input=false", "-var", customers)
	if n := sendRequests(s); n != 4 {
		t.Fatalf("the old module sent %d messages, want 4 (one person twice)", n)
	}

	writeFile(t, moduleTF, current)
	stdout, _ := tf("plan", "-input=false", "-var", customers)
	if !strings.Contains(oneLine(stdout), "1 to add, 0 to change, 2 to destroy") {
		t.Fatalf("without moved blocks the upgrade should plan to send to 16315551001 again; plan:\n%s", stdout)
	}

	cmd := exec.Command("sh", filepath.Join(dir, "..", "modules", "media_broadcast", "moved_blocks.sh"), "module.brochure.whatsapp_media_message.this")
	cmd.Dir = dir
	cmd.Env = append(cli.environ(), "TERRAFORM="+cli.terraformPath)
	moved, err := cmd.Output()
	if err != nil {
		t.Fatalf("moved_blocks.sh: %v\n%s", err, moved)
	}
	for _, want := range []string{
		"moved {\n  from = module.brochure.whatsapp_media_message.this[\"+16315551001\"]\n  to   = module.brochure.whatsapp_media_message.this[\"16315551001\"]\n}",
		"# module.brochure.whatsapp_media_message.this[\"+1 631 555 1002\"] is the same person as [\"16315551002\"]",
	} {
		if !strings.Contains(string(moved), want) {
			t.Errorf("moved_blocks.sh printed no %q:\n%s", want, moved)
		}
	}
	writeFile(t, filepath.Join(dir, "media_broadcast_moved.tf"), moved)

	stdout, _ = tf("plan", "-input=false", "-var", customers)
	if !strings.Contains(oneLine(stdout), "0 to add, 0 to change, 1 to destroy") || !strings.Contains(stdout, "has moved to") {
		t.Fatalf("with the moved blocks the plan should only move and forget; plan:\n%s", stdout)
	}
	tf("apply", "-auto-approve", "-input=false", "-var", customers)
	if n := sendRequests(s); n != 4 {
		t.Errorf("the upgrade sent %d messages, want none (4 from before)", n-4)
	}
	tf("plan", "-detailed-exitcode", "-input=false", "-var", customers)
}

// TestAccExamples_functions applies each examples/functions/<name>/function.tf,
// the files the function pages show, as TestAccExamples_resources does:
// init, apply, a plan that must be empty, destroy. What the examples promise
// is checked: canonical outputs, and one message per person.
func TestAccExamples_functions(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	examples := filepath.Join(examplesRoot(), "functions")
	cases := []struct {
		name    string
		outputs map[string]string // output name => its JSON
		sends   []string          // the recipients the sandbox must see, sorted
	}{
		{name: "normalize_recipient", outputs: map[string]string{
			"customer":        `"491701223003"`,
			"names_by_number": `{"16315551001":"Grace","491701223003":"Ada"}`,
			"german_customer": `"4915123456701"`,
		}},
		{name: "normalize_recipients", sends: []string{"16315551001", "491701223003"}},
		{name: "split_recipients", outputs: map[string]string{
			"valid":   `["4915123456701","447911123456"]`,
			"invalid": `["row 4 (call me): it holds characters that are neither digits nor formatting"]`,
		}, sends: []string{"447911123456", "4915123456701"}},
	}
	requireCases(t, "functions", func(yield func(string) bool) {
		for _, tc := range cases {
			if !yield(tc.name) {
				return
			}
		}
	})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := startSandbox(t)
			dir := t.TempDir()
			if err := os.CopyFS(dir, os.DirFS(filepath.Join(examples, tc.name))); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(dir, "provider.tf"), []byte(providerConfigFor(apiCloud, s)))
			writeFile(t, filepath.Join(dir, "versions.tf"), []byte(cliProviderBlock()))
			tf := newTerraformCLI(t, dir).run
			tf("init", "-input=false")
			tf("apply", "-auto-approve", "-input=false")
			for name, want := range tc.outputs {
				got, _ := tf("output", "-json", name)
				if strings.TrimSpace(got) != want {
					t.Errorf("output %s = %s, want %s", name, got, want)
				}
			}
			if got := sentRecipients(s); fmt.Sprint(got) != fmt.Sprint(tc.sends) {
				t.Errorf("the sandbox saw sends to %q, want %q", got, tc.sends)
			}
			tf("plan", "-detailed-exitcode", "-input=false")
			tf("destroy", "-auto-approve", "-input=false")
			if got := sentRecipients(s); len(got) != len(tc.sends) {
				t.Errorf("plan and destroy sent %d more messages, want none", len(got)-len(tc.sends))
			}
		})
	}
}

// examplesRoot is the repository's examples/ folder.
func examplesRoot() string {
	_, thisFile, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(thisFile), "..", "..", "examples")
}

// exampleDirs lists the folders under examples/<kind>/, one example each. The
// tests that range over it run every one, so scripts/check-examples-run.sh
// (make docs-check) counts every folder of that kind as run.
func exampleDirs(t *testing.T, kind string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(examplesRoot(), kind))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 {
		t.Fatalf("no examples under examples/%s", kind)
	}
	return names
}

// requireCases fails when an example under examples/<kind>/ has no case in
// the test: each needs its own setup and checks, and without a case it would
// be published but never applied.
func requireCases(t *testing.T, kind string, cases iter.Seq[string]) {
	t.Helper()
	have := map[string]bool{}
	for name := range cases {
		have[name] = true
	}
	for _, name := range exampleDirs(t, kind) {
		if !have[name] {
			t.Errorf("examples/%s/%s has no case in this test: add one, so the example is applied", kind, name)
		}
	}
}

// TestAccExamples_provider checks examples/provider/provider.tf, the provider
// page's example, as Terraform would before any request: init, then validate.
// The example names real hosts and declares nothing that uses its provider
// blocks, and Terraform validates only the blocks something uses, so the test
// adds a whatsapp_media data source per block (validate reads none): the
// provider's own checks then run on each (Cloud, On-Premises with a login, a
// BSP gateway's header), and a wrong value in any of them fails the test.
func TestAccExamples_provider(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(examplesRoot(), "provider"))); err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile(filepath.Join(dir, "provider.tf"))
	if err != nil {
		t.Fatal(err)
	}
	probes := "data \"whatsapp_media\" \"default\" {\n  id = \"1\"\n}\n"
	aliases := regexp.MustCompile(`(?m)^\s*alias\s*=\s*"([a-z_]+)"`).FindAllStringSubmatch(string(example), -1)
	if len(aliases) == 0 {
		t.Fatal("examples/provider/provider.tf has no aliased provider block: update this test")
	}
	for _, a := range aliases {
		probes += fmt.Sprintf("data \"whatsapp_media\" %q {\n  provider = whatsapp.%s\n  id       = \"1\"\n}\n", a[1], a[1])
	}
	writeFile(t, filepath.Join(dir, "probe.tf"), []byte(probes))
	tf := newTerraformCLI(t, dir).run
	tf("init", "-input=false")
	stdout, stderr := tf("validate", "-no-color")
	if !strings.Contains(stdout, "The configuration is valid") {
		t.Errorf("validate did not say the example is valid:\n%s\n%s", stdout, stderr)
	}
}
