package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// releaseNotesConfig is the action's own use case: tell the ops group each
// time a release is created or changes. A terraform_data stands in for the
// release; its action_trigger invokes the action after create and update.
func releaseNotesConfig(s *sandbox.Server, release string) string {
	return cloudProviderConfig(s) + fmt.Sprintf(`
locals {
  release = %q
}

action "whatsapp_send_media_message" "release_notes" {
  config {
    to       = "+1 631-555-1001"
    type     = "document"
    link     = "https://example.com/releases/${local.release}.pdf"
    caption  = "Release ${local.release} is out"
    filename = "release-notes.pdf"
  }
}

resource "terraform_data" "release" {
  input = local.release

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.whatsapp_send_media_message.release_notes]
    }
  }
}
`, release)
}

// expectSentBodies fails unless the sandbox received exactly these message
// bodies, in order (compared as JSON).
func expectSentBodies(s *sandbox.Server, want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got := s.Messages()
		if len(got) != len(want) {
			return fmt.Errorf("the sandbox received %d messages, want %d", len(got), len(want))
		}
		for i, m := range got {
			var g, w any
			if err := json.Unmarshal(m.Body, &g); err != nil {
				return err
			}
			if err := json.Unmarshal([]byte(want[i]), &w); err != nil {
				return fmt.Errorf("want[%d]: %v", i, err)
			}
			if !reflect.DeepEqual(g, w) {
				return fmt.Errorf("message %d:\n got  %s\n want %s", i, m.Body, want[i])
			}
		}
		return nil
	}
}

func releaseNotesBody(release string) string {
	return fmt.Sprintf(`{"messaging_product":"whatsapp","recipient_type":"individual","to":"16315551001","type":"document",
		"document":{"link":"https://example.com/releases/%[1]s.pdf","caption":"Release %[1]s is out","filename":"release-notes.pdf"}}`, release)
}

// TestAccSendMediaMessageAction_trigger: an action_trigger on a terraform_data
// sends once when the release is created, once when it changes, and nothing
// on a plain re-apply; the recipient goes out in its canonical form.
func TestAccSendMediaMessageAction_trigger(t *testing.T) {
	useActionsCLI(t)
	s := startSandbox(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: releaseNotesConfig(s, "v1.0"),
				Check:  resource.ComposeTestCheckFunc(expectSends(s, 1), expectSentBodies(s, releaseNotesBody("v1.0"))),
			},
			{
				Config: releaseNotesConfig(s, "v1.0"), // a plain re-apply
				Check:  resource.ComposeTestCheckFunc(expectSends(s, 1)),
			},
			{
				Config: releaseNotesConfig(s, "v1.1"), // the release changes: after_update
				Check: resource.ComposeTestCheckFunc(expectSends(s, 2),
					expectSentBodies(s, releaseNotesBody("v1.0"), releaseNotesBody("v1.1"))),
			},
			{
				Config: releaseNotesConfig(s, "v1.1"),
				Check:  resource.ComposeTestCheckFunc(expectSends(s, 2)),
			},
		},
	})
}

// actionCLIDir writes main.tf for the CLI helper and runs terraform init there.
func actionCLIDir(t *testing.T, mainTF string) func(args ...string) (string, string) {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.tf"), []byte(cliProviderBlock()+mainTF))
	tf := newTerraformCLI(t, dir).run
	tf("init", "-input=false")
	return tf
}

// manualSendConfig is an action with no trigger: only apply -invoke runs it.
func manualSendConfig(flavor string, s *sandbox.Server, link string) string {
	return providerConfigFor(flavor, s) + fmt.Sprintf(`
action "whatsapp_send_media_message" "manual" {
  config {
    to      = "+49 170 1223002"
    type    = "image"
    link    = %q
    caption = "Sent by hand"
  }
}
`, link)
}

// TestAccSendMediaMessageAction_invoke: terraform apply -invoke sends once,
// shows the action's progress, and a plain apply never runs an untriggered
// action. Both API flavors.
func TestAccSendMediaMessageAction_invoke(t *testing.T) {
	useActionsCLI(t)
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			s := startSandbox(t)
			tf := actionCLIDir(t, manualSendConfig(flavor, s, "https://example.com/poster.png"))

			tf("apply", "-auto-approve", "-input=false")
			if n := sendRequests(s); n != 0 {
				t.Fatalf("a plain apply sent %d messages; an action without a trigger runs only when invoked", n)
			}

			out, _ := tf("apply", "-auto-approve", "-input=false", "-invoke=action.whatsapp_send_media_message.manual")
			if n := sendRequests(s); n != 1 {
				t.Fatalf("apply -invoke sent %d messages, want 1", n)
			}
			msg := s.Messages()[0]
			if msg.To != "491701223002" || msg.Type != "image" {
				t.Errorf("sent to %q as %q, want the canonical 491701223002 as image", msg.To, msg.Type)
			}
			for _, want := range []string{`Sending an image message to "491701223002" by link`, "WhatsApp accepted the message " + msg.ID} {
				if !strings.Contains(oneLine(out), want) {
					t.Errorf("the apply output lacks the progress %q:\n%s", want, out)
				}
			}
		})
	}
}

// TestAccSendMediaMessageAction_invalid: a wrong action configuration fails
// the plan on the attribute, with the resource's wording, before any request
// (not even a login) reaches the API.
func TestAccSendMediaMessageAction_invalid(t *testing.T) {
	useActionsCLI(t)
	cases := []struct {
		name, flavor, config string
		want                 *regexp.Regexp
	}{
		{"caption on audio", apiCloud, `type = "audio"
    link = "https://example.com/a.ogg"
    caption = "no"`, regexp.MustCompile(`Caption Not Allowed`)},
		{"filename on an image", apiCloud, `type = "image"
    link = "https://example.com/a.png"
    filename = "a.png"`, regexp.MustCompile(`Filename Not Allowed`)},
		{"neither media_id nor link", apiCloud, `type = "image"`, regexp.MustCompile(`(?s)Missing Attribute Configuration.*media_id,link`)},
		{"national number", apiCloud, `type = "image"
    link = "https://example.com/a.png"
    to = "0151 12345678"`, regexp.MustCompile(`(?s)Invalid WhatsApp Recipient.*starts with 0`)},
		{"link not http", apiCloud, `type = "image"
    link = "ftp://example.com/a.png"`, regexp.MustCompile(`Invalid URL`)},
		{"link_provider on Cloud", apiCloud, `type = "image"
    link = "https://example.com/a.png"
    link_provider = "cdn"`, regexp.MustCompile(`WhatsApp Media Providers Need the On-Premises API`)},
		{"unknown type", apiOnPremises, `type = "text"
    link = "https://example.com/a.png"`, regexp.MustCompile(`value must be one of`)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := startSandbox(t)
			to := `to = "+1 631-555-1001"`
			if strings.Contains(tc.config, "to =") {
				to = ""
			}
			config := providerConfigFor(tc.flavor, s) + fmt.Sprintf(`
action "whatsapp_send_media_message" "bad" {
  config {
    %s
    %s
  }
}

resource "terraform_data" "release" {
  input = "v1"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.whatsapp_send_media_message.bad]
    }
  }
}
`, to, tc.config)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      config,
					PlanOnly:    true,
					ExpectError: tc.want,
				}},
			})
			if n := len(s.Requests()); n != 0 {
				t.Errorf("the sandbox received %d requests; a wrong configuration must send none", n)
			}
		})
	}
}

// TestAccSendMediaMessageAction_failures: the error says whether the message
// may have been sent. A refusal sent nothing; a connection dropped after the
// sandbox took the message leaves the outcome unknown, and the message did arrive.
func TestAccSendMediaMessageAction_failures(t *testing.T) {
	useActionsCLI(t)
	cases := []struct {
		name     string
		fault    sandbox.Fault
		want     []string
		received int
	}{
		{"refused", sandbox.Fault{Kind: sandbox.FaultStatus, Method: "POST", PathSuffix: "/messages", Status: 400, Code: 131053},
			[]string{"Unable to Send WhatsApp Media Message", "nothing was sent", "131053"}, 0},
		{"dropped after", sandbox.Fault{Kind: sandbox.FaultDropAfter, Method: "POST", PathSuffix: "/messages"},
			[]string{"WhatsApp Message May Have Been Sent", "invoking it again sends another message"}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := startSandbox(t)
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "main.tf"), []byte(cliProviderBlock()+manualSendConfig(apiCloud, s, "https://example.com/poster.png")))
			cli := newTerraformCLI(t, dir)
			cli.run("init", "-input=false")
			s.InjectFault(tc.fault)
			stdout, stderr := cli.fail("apply", "-auto-approve", "-input=false", "-invoke=action.whatsapp_send_media_message.manual")
			out := oneLine(stdout + stderr)
			for _, want := range tc.want {
				if !strings.Contains(out, want) {
					t.Errorf("the error lacks %q:\n%s", want, stderr)
				}
			}
			if n := sendRequests(s); n != 1 {
				t.Errorf("the sandbox saw %d send requests, want exactly 1 (never retried)", n)
			}
			if n := len(s.Messages()); n != tc.received {
				t.Errorf("the sandbox kept %d messages, want %d", n, tc.received)
			}
		})
	}
}

// TestAccSendMediaMessageAction_linkProvider: On-Premises, a link fetched
// through a media provider, named in the request as the API expects.
func TestAccSendMediaMessageAction_linkProvider(t *testing.T) {
	useActionsCLI(t)
	s := startSandbox(t)
	s.PutMediaProvider(sandbox.MediaProvider{Name: "cdn", Type: "www", Bearer: "cdn-token"})
	tf := actionCLIDir(t, onPremProviderConfig(s)+`
action "whatsapp_send_media_message" "brochure" {
  config {
    to            = "16315551001"
    type          = "document"
    link          = "https://cdn.example.com/brochure.pdf"
    filename      = "brochure.pdf"
    link_provider = "cdn"
  }
}
`)
	tf("apply", "-auto-approve", "-input=false", "-invoke=action.whatsapp_send_media_message.brochure")
	check := expectSentBodies(s, `{"recipient_type":"individual","to":"16315551001","type":"document",
		"document":{"link":"https://cdn.example.com/brochure.pdf","filename":"brochure.pdf","provider":{"name":"cdn"}}}`)
	if err := check(nil); err != nil {
		t.Fatal(err)
	}
}

// TestAccSendMediaMessageAction_example applies the documented example as a
// user would: the first apply tells the ops phone about the release, a plain
// re-apply sends nothing, a new release sends again.
func TestAccSendMediaMessageAction_example(t *testing.T) {
	useActionsCLI(t)
	s := startSandbox(t)
	dir := t.TempDir()
	example := filepath.Join("..", "..", "examples", "actions", "whatsapp_send_media_message")
	if err := os.CopyFS(dir, os.DirFS(example)); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "provider.tf"), []byte(cliProviderBlock()+cloudProviderConfig(s)))
	tf := newTerraformCLI(t, dir).run
	tf("init", "-input=false")
	apply := func(release string) {
		tf("apply", "-auto-approve", "-input=false", "-var", "release="+release, "-var", "ops_phone=+1 631 555 1001")
	}
	apply("v2.4.0")
	apply("v2.4.0")
	if n := sendRequests(s); n != 1 {
		t.Fatalf("two applies of one release sent %d messages, want 1", n)
	}
	apply("v2.5.0")
	if n := sendRequests(s); n != 2 {
		t.Fatalf("a new release made %d sends in all, want 2", n)
	}
	if got := s.Messages()[1].Body; !strings.Contains(string(got), "https://downloads.example.com/releases/v2.5.0/notes.pdf") {
		t.Errorf("the second message does not link the new release's notes: %s", got)
	}
}
