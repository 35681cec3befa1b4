package provider

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// TestAccQRCodeDataSource: a code made outside Terraform is read with its
// link and image URL; a malformed code fails at plan with no request, an
// unknown one with Not Found, and On-Premises with the Cloud-only error.
func TestAccQRCodeDataSource(t *testing.T) {
	t.Parallel()
	s := startSandbox(t)
	q := s.PutQRCode("Book a table")
	read := func(code, extra string) string {
		return cloudProviderConfig(s) + `
data "whatsapp_qr_code" "c" {
  code = "` + code + `"
` + extra + `
}
`
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: read(q.Code, `image_format = "SVG"`),
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr("data.whatsapp_qr_code.c", "prefilled_message", "Book a table"),
					resource.TestCheckResourceAttr("data.whatsapp_qr_code.c", "deep_link_url", q.DeepLinkURL),
					resource.TestMatchResourceAttr("data.whatsapp_qr_code.c", "qr_image_url", regexp.MustCompile(`\.svg$`))),
			},
			{Config: read("AAAAAAAAAAAAAA", ""), ExpectError: regexp.MustCompile(`WhatsApp QR Code Not Found`)},
		},
	})
	before := len(s.Requests())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: read("menu", ""), PlanOnly: true, ExpectError: regexp.MustCompile(`Invalid WhatsApp QR Code`)},
			{Config: strings.Replace(read(q.Code, ""), cloudProviderConfig(s), onPremProviderConfig(s), 1), PlanOnly: true,
				ExpectError: regexp.MustCompile(`QR Code Needs the Cloud API`)},
		},
	})
	if n := len(s.Requests()) - before; n != 0 {
		t.Fatalf("invalid configurations sent %d requests, want 0", n)
	}
}
