package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile/mediafiletest"
)

// TestAccMediaMessage_broadcastModule applies examples/modules/media_broadcast
// the way examples/broadcast does: the module requires sandeshlive/whatsapp and
// the provider takes its settings from WHATSAPP_* environment variables. It
// sends exactly one message per recipient, and a second apply sends nothing.
//
// Not parallel: it sets environment variables, which the in-process provider
// reads, and the provider namespace the test harness registers.
func TestAccMediaMessage_broadcastModule(t *testing.T) {
	s := startSandbox(t)
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "sandeshlive") // the module's source address
	t.Setenv(envAPI, apiCloud)
	t.Setenv(envBaseURL, s.URL())
	t.Setenv(envPhoneNumberID, sandboxPhoneNumberID)
	t.Setenv(envAccessToken, sandboxToken)

	_, thisFile, _, _ := runtime.Caller(0)
	module := filepath.Join(filepath.Dir(thisFile), "..", "..", "examples", "modules", "media_broadcast")
	pdf := filepath.Join(t.TempDir(), "brochure.pdf")
	if err := os.WriteFile(pdf, mediafiletest.PDF(7), 0o600); err != nil {
		t.Fatal(err)
	}
	recipients := []string{"+16315551001", "16315551002", "+1 631 555 1003"}

	config := fmt.Sprintf(`
terraform {
  required_providers {
    whatsapp = {
      source = "sandeshlive/whatsapp"
    }
  }
}

provider "whatsapp" {}

module "broadcast" {
  source      = %q
  recipients  = %s
  source_file = %q
  caption     = "Our new catalogue"
}

output "message_ids" {
  value = module.broadcast.message_ids
}
`, filepath.ToSlash(module), mmHCLList(recipients), filepath.ToSlash(pdf))

	checkOnePerRecipient := func(*terraform.State) error {
		msgs := s.Messages()
		if len(msgs) != len(recipients) {
			return fmt.Errorf("sandbox received %d messages, want %d (one per recipient)", len(msgs), len(recipients))
		}
		var got []string
		for _, m := range msgs {
			got = append(got, m.To)
			if m.Type != "document" {
				return fmt.Errorf("message to %s is a %s, want a document", m.To, m.Type)
			}
		}
		sort.Strings(got)
		want := append([]string(nil), recipients...)
		sort.Strings(want)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			return fmt.Errorf("messages went to %q, want %q", got, want)
		}
		return nil
	}
	ids := map[string]knownvalue.Check{}
	for _, r := range recipients {
		ids[r] = knownvalue.NotNull()
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            config,
				Check:             checkOnePerRecipient,
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("message_ids", knownvalue.MapExact(ids))},
			},
			{Config: config, Check: checkOnePerRecipient},
		},
	})
}

// mmHCLList renders a list of strings as an HCL list.
func mmHCLList(ss []string) string {
	out := "["
	for i, s := range ss {
		if i > 0 {
			out += ", "
		}
		out += fmt.Sprintf("%q", s)
	}
	return out + "]"
}
