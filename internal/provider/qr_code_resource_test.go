package provider

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

const qrAddr = "whatsapp_qr_code.menu"

func qrConfig(s *sandbox.Server, message, format, file string) string {
	extra := ""
	if format != "" {
		extra += fmt.Sprintf("  image_format = %q\n", format)
	}
	if file != "" {
		extra += fmt.Sprintf("  image_path   = %q\n", file)
	}
	return cloudProviderConfig(s) + fmt.Sprintf(`
resource "whatsapp_qr_code" "menu" {
  prefilled_message = %q
%s}
`, message, extra)
}

// expectQR checks the sandbox has exactly one code, with message.
func expectQR(s *sandbox.Server, message string) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		codes := s.QRCodes()
		if len(codes) != 1 || codes[0].PrefilledMessage != message {
			return fmt.Errorf("sandbox codes = %+v, want one with %q", codes, message)
		}
		id, err := stateID(st, qrAddr)
		if err == nil && id != codes[0].Code {
			err = fmt.Errorf("state id %s, sandbox code %s", id, codes[0].Code)
		}
		return err
	}
}

func expectImage(file string, magic string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		data, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		if !bytes.HasPrefix(data, []byte(magic)) {
			return fmt.Errorf("%s starts with %.8q, want %q", file, data, magic)
		}
		return nil
	}
}

// TestAccQRCode_lifecycle: create with a PNG file, no-change plan, a new
// message in place (the code stays), SVG instead, the file removed on disk,
// the message changed and the code deleted outside Terraform, import, and
// destroy deleting the code and its file.
func TestAccQRCode_lifecycle(t *testing.T) {
	t.Parallel()
	s := startSandbox(t)
	file := filepath.Join(t.TempDir(), "print", "menu-qr")
	var code string
	keepCode := func(st *terraform.State) error {
		id, err := stateID(st, qrAddr)
		if code != "" && id != code {
			return fmt.Errorf("the code changed from %s to %s: an update must keep it", code, id)
		}
		code = id
		return err
	}
	posts := func(n int) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if got := countRequests(s, "POST", `/message_qrdls$`); got != n {
				return fmt.Errorf("%d POST message_qrdls, want %d", got, n)
			}
			return nil
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if n := len(s.QRCodes()); n != 0 {
				return fmt.Errorf("destroy left %d codes", n)
			}
			if _, err := os.Stat(file); !os.IsNotExist(err) {
				return fmt.Errorf("destroy left the image file: %v", err)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: qrConfig(s, "Show me today's menu", "PNG", file),
				Check: resource.ComposeTestCheckFunc(expectQR(s, "Show me today's menu"), keepCode, posts(1),
					expectImage(file, "\x89PNG"),
					resource.TestMatchResourceAttr(qrAddr, "code", regexp.MustCompile(`^[A-Z2-7]{14}$`)),
					resource.TestCheckResourceAttrPair(qrAddr, "code", qrAddr, "id"),
					resource.TestMatchResourceAttr(qrAddr, "deep_link_url", regexp.MustCompile(`^https://wa\.me/message/[A-Z2-7]{14}$`)),
					resource.TestMatchResourceAttr(qrAddr, "qr_image_url", regexp.MustCompile(`\.png$`)),
					resource.TestMatchResourceAttr(qrAddr, "image_sha256", regexp.MustCompile(`^[0-9a-f]{64}$`))),
			},
			{Config: qrConfig(s, "Show me today's menu", "PNG", file), PlanOnly: true},
			{
				Config: qrConfig(s, "Show me the lunch menu", "PNG", file),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(qrAddr, plancheck.ResourceActionUpdate)}},
				Check: resource.ComposeTestCheckFunc(expectQR(s, "Show me the lunch menu"), keepCode, posts(2)),
			},
			{
				// Another format: fetched by GET, no POST; the file now holds SVG.
				Config: qrConfig(s, "Show me the lunch menu", "SVG", file),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(qrAddr, plancheck.ResourceActionUpdate)}},
				Check: resource.ComposeTestCheckFunc(keepCode, posts(2), expectImage(file, "<svg"),
					resource.TestMatchResourceAttr(qrAddr, "qr_image_url", regexp.MustCompile(`\.svg$`))),
			},
			{
				// The file removed on disk: the plan writes it again.
				PreConfig: func() { _ = os.Remove(file) },
				Config:    qrConfig(s, "Show me the lunch menu", "SVG", file),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(qrAddr, plancheck.ResourceActionUpdate)}},
				Check: resource.ComposeTestCheckFunc(keepCode, posts(2), expectImage(file, "<svg")),
			},
			{
				// The message changed in the WhatsApp Manager: the plan puts it back, in place.
				PreConfig: func() { s.SetQRCodeMessage(code, "Edited by hand") },
				Config:    qrConfig(s, "Show me the lunch menu", "SVG", file),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(qrAddr, plancheck.ResourceActionUpdate)}},
				Check: resource.ComposeTestCheckFunc(expectQR(s, "Show me the lunch menu"), keepCode, posts(3)),
			},
			{
				ResourceName:            qrAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"image_format", "image_path", "image_sha256", "qr_image_url"},
			},
			{
				ResourceName:  qrAddr,
				ImportState:   true,
				ImportStateId: "not-a-code",
				ExpectError:   regexp.MustCompile(`Invalid WhatsApp QR Code Import ID`),
			},
			{
				// Deleted outside Terraform: the refresh says so, and the plan creates a new code.
				PreConfig:          func() { s.DeleteQRCode(code) },
				Config:             qrConfig(s, "Show me the lunch menu", "SVG", file),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				PreConfig: func() { code = "" },
				Config:    qrConfig(s, "Show me the lunch menu", "SVG", file),
				Check:     resource.ComposeTestCheckFunc(expectQR(s, "Show me the lunch menu"), keepCode, posts(4), expectImage(file, "<svg")),
			},
		},
	})
	if n := countRequests(s, "DELETE", `/message_qrdls/`); n != 1 {
		t.Fatalf("destroy sent %d DELETEs, want 1", n)
	}
}

// TestAccQRCode_invalid: the spec's limits and the Cloud API at plan time,
// with no request made.
func TestAccQRCode_invalid(t *testing.T) {
	t.Parallel()
	s := startSandbox(t)
	cases := []struct{ name, config, want string }{
		{"message too long", qrConfig(s, strings.Repeat("é", 141), "", ""), `Invalid WhatsApp QR Code Message.*141 characters`},
		{"empty message", qrConfig(s, "", "", ""), `Invalid WhatsApp QR Code Message`},
		{"bad format", qrConfig(s, "hi", "JPG", ""), `image_format value must be one of`},
		{"file without format", qrConfig(s, "hi", "", "/tmp/x.png"), `"image_format" must be specified`},
		{"On-Premises", strings.Replace(qrConfig(s, "hi", "", ""), cloudProviderConfig(s), onPremProviderConfig(s), 1), `QR Code Needs the Cloud API`},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: c.config, PlanOnly: true,
			ExpectError: regexp.MustCompile(`(?s)` + strings.ReplaceAll(c.want, " ", `\s+`))})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: steps})
	if n := len(s.Requests()); n != 0 {
		t.Fatalf("invalid configurations sent %d requests, want 0", n)
	}
}
