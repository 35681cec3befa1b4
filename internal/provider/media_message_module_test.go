package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
)

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
	t.Setenv(envAPI, apiCloud)
	t.Setenv(envBaseURL, s.URL())
	t.Setenv(envPhoneNumberID, sandboxPhoneNumberID)
	t.Setenv(envAccessToken, sandboxToken)

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
	tf := terraformCLI(t, dir)

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
