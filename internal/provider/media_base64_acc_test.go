package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// content_base64 that is cut short or over-padded fails at plan time and
// nothing is sent; padding split by a line break (as a wrapped file gives)
// uploads exactly the bytes it encodes. Both were found by fuzzing
// internal/mediafile.
func TestAccMedia_base64EdgeCases(t *testing.T) {
	s := startSandbox(t)
	config := func(content string) string {
		return cloudProviderConfig(s) + `
resource "whatsapp_media" "x" {
  content_base64 = "` + content + `"
  content_type   = "text/plain"
}
`
	}
	refused := regexp.MustCompile(`(?s)content_base64 is not valid base64.*padding`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config("QQ"), PlanOnly: true, ExpectError: refused},
			{Config: config("QQ==="), PlanOnly: true, ExpectError: refused},
			{
				Config: config(`QQ=\n=`), // HCL's \n: a real line break inside the padding
				Check: func(*terraform.State) error {
					if n := len(s.Requests()); n != 1 {
						t.Errorf("the sandbox answered %d requests, want only the upload (the refused plans send nothing)", n)
					}
					media := s.Media()
					if len(media) != 1 || media[0].Size != 1 || string(media[0].Data) != "A" {
						t.Errorf("the sandbox stored %+v, want the one byte \"A\"", media)
					}
					return nil
				},
			},
		},
	})
}
