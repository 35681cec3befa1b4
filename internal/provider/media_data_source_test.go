package provider

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile/mediafiletest"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// uploadOutOfBand uploads media as something outside Terraform would, and
// returns its ID.
func uploadOutOfBand(t *testing.T, s *sandbox.Server, flavor string, data []byte, contentType string) string {
	t.Helper()
	id, err := newTestClient(t, flavor, s).UploadMedia(context.Background(), whatsapp.Upload{
		Body: bytes.NewReader(data), Size: int64(len(data)), ContentType: contentType, Filename: "upload",
	})
	if err != nil {
		t.Fatalf("upload out of band: %v", err)
	}
	return id
}

// Media uploaded outside Terraform is looked up by ID at plan time: what each
// flavor can tell lands in state, the rest is null, and nothing is downloaded.
func TestAccMediaDataSource_byID(t *testing.T) {
	png := mediafiletest.PNG(16, 16, 3)
	sum := sha256.Sum256(png)
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			s := startSandbox(t)
			id := uploadOutOfBand(t, s, flavor, png, "image/png")
			const addr = "data.whatsapp_media.logo"

			checks := []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(id)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("content_type"), knownvalue.StringExact("image/png")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("mime_type"), knownvalue.StringExact("image/png")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("size"), knownvalue.Int64Exact(int64(len(png)))),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("media_type"), knownvalue.StringExact("image")),
				statecheck.ExpectSensitiveValue(addr, tfjsonpath.New("url")),
			}
			if flavor == apiCloud {
				checks = append(checks,
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("sha256"), knownvalue.StringExact(hex.EncodeToString(sum[:]))),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("url"), knownvalue.StringExact(s.URL()+"/_sandbox/download/"+id)))
			} else {
				// On-Premises would have to send the file for a hash; it has no download URL.
				checks = append(checks,
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("sha256"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("url"), knownvalue.Null()))
			}

			metadataPath := "/v1/media/" + id
			if flavor == apiCloud {
				metadataPath = "/v23.0/" + id
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:            providerConfigFor(flavor, s) + fmt.Sprintf("data \"whatsapp_media\" \"logo\" {\n  id = %q\n}\n", id),
					ConfigStateChecks: checks,
					Check: func(*terraform.State) error {
						if countRequests(s, "GET", "^"+regexp.QuoteMeta(metadataPath)) == 0 {
							return fmt.Errorf("the sandbox received no GET %s", metadataPath)
						}
						// Cloud: the metadata call only; the download URL is handed out, never fetched.
						if n := countRequests(s, "GET", "^"+regexp.QuoteMeta("/_sandbox/download/")); n != 0 {
							return fmt.Errorf("the data source downloaded the media %d times", n)
						}
						return nil
					},
				}},
			})
		})
	}
}

// content_type matches the whatsapp_media resource's for the same media;
// mime_type keeps the parameters the API reported.
func TestAccMediaDataSource_contentTypeMatchesResource(t *testing.T) {
	s := startSandbox(t)
	ogg := []byte("OggS fake opus voice note")
	id := uploadOutOfBand(t, s, apiOnPremises, ogg, "audio/ogg; codecs=opus")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: onPremProviderConfig(s) + fmt.Sprintf(`
data "whatsapp_media" "voice" {
  id = %q
}
resource "whatsapp_media" "logo" {
  content_base64 = %q
}
data "whatsapp_media" "logo" {
  id = whatsapp_media.logo.id
}
`, id, base64.StdEncoding.EncodeToString(mediafiletest.PNG(8, 8, 5))),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.whatsapp_media.voice", tfjsonpath.New("content_type"), knownvalue.StringExact("audio/ogg")),
				statecheck.ExpectKnownValue("data.whatsapp_media.voice", tfjsonpath.New("mime_type"), knownvalue.StringExact("audio/ogg; codecs=opus")),
				statecheck.ExpectKnownValue("data.whatsapp_media.voice", tfjsonpath.New("media_type"), knownvalue.StringExact("audio")),
				statecheck.CompareValuePairs("data.whatsapp_media.logo", tfjsonpath.New("content_type"),
					"whatsapp_media.logo", tfjsonpath.New("content_type"), compare.ValuesSame()),
				statecheck.CompareValuePairs("data.whatsapp_media.logo", tfjsonpath.New("size"),
					"whatsapp_media.logo", tfjsonpath.New("size"), compare.ValuesSame()),
				statecheck.CompareValuePairs("data.whatsapp_media.logo", tfjsonpath.New("media_type"),
					"whatsapp_media.logo", tfjsonpath.New("media_type"), compare.ValuesSame()),
			},
		}},
	})
}

// An ID the API does not know fails the plan with an error naming the ID and
// the API flavor.
func TestAccMediaDataSource_missingID(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			s := startSandbox(t)
			id, name := "123456789012", "Cloud API"
			if flavor == apiOnPremises {
				id, name = "f2a1c3d4-0000-4000-8000-000000000000", "On-Premises API"
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: providerConfigFor(flavor, s) + fmt.Sprintf("data \"whatsapp_media\" \"gone\" {\n  id = %q\n}\n", id),
					ExpectError: regexp.MustCompile(`(?s)WhatsApp Media Not Found.*No media with ID "` + regexp.QuoteMeta(id) +
						`"\s+exists\s+on\s+the\s+WhatsApp\s+` + strings.ReplaceAll(name, " ", `\s+`)),
				}},
			})
		})
	}
}
