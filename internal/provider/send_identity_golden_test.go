package provider

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile/mediafiletest"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sendlog"
)

// Golden identities of sends: the record of sends finds a send whose state
// was lost by its key, a digest of who sends, to whom, what the recipient
// gets and the triggers (sendlog.Message). A key that changes across an
// upgrade of the provider makes the next apply after a crash send the message
// a second time, so these tests pin, for every field of a message's content
// (templates included), for messages and broadcasts, the exact identity
// today's sends are recorded under. They read the record file the provider
// wrote and look each send up by the key built here from literals: if the
// provider identifies a send in any other way, the lookup finds nothing.

// goldenSend is one send the record must hold under the identity built from
// content and triggers, for the canonical recipient.
type goldenSend struct {
	recipient string
	content   map[string]string
	triggers  map[string]string
}

// goldenMediaSHA256 is written in upper case in the configuration: the
// identity holds it in lower case.
const goldenMediaSHA256 = "ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789"

// goldenTemplate is the template block the golden sends use, and goldenTemplateText
// the way the identity holds it.
const goldenTemplate = `{
    name            = "welcome_kit"
    language        = "en_US"
    body_parameters = ["Ana"]
    buttons         = [{ index = 0, sub_type = "quick_reply", parameter = "STOP" }]
  }`

const goldenTemplateText = `{"body_parameters":["Ana"],"buttons":[{"index":0,"parameter":"STOP",` +
	`"sub_type":"quick_reply"}],"language":"en_US","name":"welcome_kit","namespace":<null>}`

// expectRecorded checks that the record at path holds an accepted send under
// each golden identity, sent by the account of the provider block `flavor`
// configures against s.
func expectRecorded(t *testing.T, s *sandbox.Server, flavor, path string, sends []goldenSend) resource.TestCheckFunc {
	return func(*terraform.State) error {
		account := newTestClient(t, flavor, s).Sender()
		rec, err := sendlog.Open(path, time.Hour)
		if err != nil {
			return err
		}
		defer func() { _ = rec.Close() }()
		for _, g := range sends {
			if g.triggers == nil {
				g.triggers = map[string]string{}
			}
			key := sendlog.Message{Account: account, Recipient: g.recipient, Content: g.content, Triggers: g.triggers}.Key()
			entries, err := rec.Lookup(sendlog.NewSession(), key, time.Hour)
			if err != nil {
				return err
			}
			if len(entries) != 1 || entries[0].Recipient != g.recipient || entries[0].Outcome != sendlog.Accepted {
				return fmt.Errorf("the send to %s is not recorded under the identity content=%v triggers=%v "+
					"(found %+v): a send's identity changed, so a crash across an upgrade would send it twice",
					g.recipient, g.content, g.triggers, entries)
			}
		}
		return nil
	}
}

// TestAccGoldenSendIdentity_cloud pins the identity of Cloud sends: by link
// and by media ID, with and without media_sha256, caption, filename,
// triggers (a null value is no trigger), callback_data (not part of it) and a
// template; and of a broadcast's sends, told apart from a message's.
func TestAccGoldenSendIdentity_cloud(t *testing.T) {
	t.Parallel()
	s := startSandbox(t)
	png := filepath.Join(t.TempDir(), "kit.png")
	writeFile(t, png, mediafiletest.PNG(16, 16, 3))
	record := filepath.Join(t.TempDir(), "record.log")
	// A media ID uploaded outside this provider: the record knows no content
	// for it, so its messages keep the identity by media ID that every send
	// recorded before uploads were recorded has.
	elsewhere := uploadOutOfBand(t, s, apiCloud, mediafiletest.PNG(8, 8, 1), "image/png")
	config := withSendRecord(cloudProviderConfig(s), record) + fmt.Sprintf(`
resource "whatsapp_media" "kit" {
  source = %q
}

resource "whatsapp_media_message" "link" {
  to   = "+1 631-555-2001"
  type = "image"
  link = "https://cdn.example.com/kit.png"
}

resource "whatsapp_media_message" "link_caption" {
  to      = "16315552002"
  type    = "image"
  link    = "https://cdn.example.com/kit.png"
  caption = "Spring kit"
}

resource "whatsapp_media_message" "document" {
  to       = "16315552003"
  type     = "document"
  link     = "https://cdn.example.com/kit.pdf"
  caption  = "The brochure"
  filename = "kit.pdf"
}

resource "whatsapp_media_message" "media_id_elsewhere" {
  to       = "16315552012"
  type     = "image"
  media_id = %q
}

resource "whatsapp_media_message" "media_id" {
  to       = "16315552004"
  type     = "image"
  media_id = whatsapp_media.kit.id
}

resource "whatsapp_media_message" "media_sha256" {
  to           = "16315552005"
  type         = "image"
  media_id     = whatsapp_media.kit.id
  media_sha256 = %q
}

resource "whatsapp_media_message" "triggers" {
  to       = "16315552006"
  type     = "image"
  link     = "https://cdn.example.com/kit.png"
  triggers = { release = "v2", unset = null }
}

resource "whatsapp_media_message" "callback_data" {
  to            = "16315552007"
  type          = "image"
  link          = "https://cdn.example.com/kit.png"
  callback_data = "order-7"
}

resource "whatsapp_media_message" "template" {
  to       = "16315552008"
  type     = "image"
  link     = "https://cdn.example.com/kit.png"
  template = %s
}

resource "whatsapp_media_broadcast" "spring" {
  recipients = ["16315552009", "+1 631 555 2010"]
  type       = "image"
  link       = "https://cdn.example.com/kit.png"
  caption    = "Spring kit"
  triggers   = { release = "v2" }
}

resource "whatsapp_media_broadcast" "template" {
  recipients   = ["16315552011"]
  type         = "image"
  media_id     = whatsapp_media.kit.id
  media_sha256 = %q
  template     = %s
}

resource "whatsapp_media_broadcast" "media_id" {
  recipients = ["16315552013"]
  type       = "image"
  media_id   = whatsapp_media.kit.id
}
`, png, elsewhere, goldenMediaSHA256, goldenTemplate, goldenMediaSHA256, goldenTemplate)

	link := "https://cdn.example.com/kit.png"
	sha := "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789"
	var sends []goldenSend
	check := func(st *terraform.State) error {
		kit, ok := st.RootModule().Resources["whatsapp_media.kit"]
		if !ok {
			return fmt.Errorf("whatsapp_media.kit is not in state")
		}
		kitSHA := kit.Primary.Attributes["sha256"]
		sends = []goldenSend{
			{recipient: "16315552001", content: map[string]string{"type": "image", "link": link, "recipient_type": "individual"}},
			{recipient: "16315552002", content: map[string]string{"type": "image", "link": link, "caption": "Spring kit",
				"recipient_type": "individual"}},
			{recipient: "16315552003", content: map[string]string{"type": "document", "link": "https://cdn.example.com/kit.pdf",
				"caption": "The brochure", "filename": "kit.pdf", "recipient_type": "individual"}},
			// A media ID this provider uploaded is named by its content (media_upload_record.go).
			{recipient: "16315552004", content: map[string]string{"type": "image", "media_sha256": kitSHA, "recipient_type": "individual"}},
			{recipient: "16315552012", content: map[string]string{"type": "image", "media_id": elsewhere, "recipient_type": "individual"}},
			{recipient: "16315552013", content: map[string]string{"type": "image", "media_sha256": kitSHA, "recipient_type": "individual",
				"sent_by": "whatsapp_media_broadcast"}},
			{recipient: "16315552005", content: map[string]string{"type": "image", "media_sha256": sha, "recipient_type": "individual"}},
			{recipient: "16315552006", content: map[string]string{"type": "image", "link": link, "recipient_type": "individual"},
				triggers: map[string]string{"release": "v2"}},
			{recipient: "16315552007", content: map[string]string{"type": "image", "link": link, "recipient_type": "individual"}},
			{recipient: "16315552008", content: map[string]string{"type": "image", "link": link, "recipient_type": "individual",
				"template": goldenTemplateText}},
			{recipient: "16315552009", content: map[string]string{"type": "image", "link": link, "caption": "Spring kit",
				"recipient_type": "individual", "sent_by": "whatsapp_media_broadcast"}, triggers: map[string]string{"release": "v2"}},
			{recipient: "16315552010", content: map[string]string{"type": "image", "link": link, "caption": "Spring kit",
				"recipient_type": "individual", "sent_by": "whatsapp_media_broadcast"}, triggers: map[string]string{"release": "v2"}},
			{recipient: "16315552011", content: map[string]string{"type": "image", "media_sha256": sha,
				"recipient_type": "individual", "template": goldenTemplateText, "sent_by": "whatsapp_media_broadcast"}},
		}
		return expectRecorded(t, s, apiCloud, record, sends)(st)
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: []resource.TestStep{
		{Config: config, Check: resource.ComposeTestCheckFunc(expectSends(s, 13), check)},
	}})
}

// TestAccGoldenSendIdentity_onPremises pins what only On-Premises sends:
// link_provider, a group recipient and a template's namespace.
func TestAccGoldenSendIdentity_onPremises(t *testing.T) {
	t.Parallel()
	s := startSandbox(t)
	record := filepath.Join(t.TempDir(), "record.log")
	config := withSendRecord(templateProviderConfig(apiOnPremises, s), record) + `
resource "whatsapp_media_provider" "cdn" {
  name         = "cdn"
  bearer_token = "secret"
}

resource "whatsapp_media_message" "link_provider" {
  to            = "16315552101"
  type          = "document"
  link          = "https://cdn.example.com/kit.pdf"
  filename      = "kit.pdf"
  link_provider = whatsapp_media_provider.cdn.name
}

resource "whatsapp_media_message" "group" {
  to             = "16315552102"
  type           = "image"
  link           = "https://cdn.example.com/kit.png"
  recipient_type = "group"
}

resource "whatsapp_media_message" "namespace" {
  to   = "16315552103"
  type = "image"
  link = "https://cdn.example.com/kit.png"
  template = {
    name      = "welcome_kit"
    language  = "en_US"
    namespace = "` + sandbox.DefaultTemplateNamespace + `"
    body_parameters = ["Ana"]
  }
}

resource "whatsapp_media_broadcast" "link_provider" {
  recipients    = ["16315552104"]
  type          = "image"
  link          = "https://cdn.example.com/kit.png"
  link_provider = whatsapp_media_provider.cdn.name
}
`
	link := "https://cdn.example.com/kit.png"
	sends := []goldenSend{
		{recipient: "16315552101", content: map[string]string{"type": "document", "link": "https://cdn.example.com/kit.pdf",
			"filename": "kit.pdf", "link_provider": "cdn", "recipient_type": "individual"}},
		{recipient: "16315552102", content: map[string]string{"type": "image", "link": link, "recipient_type": "group"}},
		{recipient: "16315552103", content: map[string]string{"type": "image", "link": link, "recipient_type": "individual",
			"template": `{"body_parameters":["Ana"],"buttons":<null>,"language":"en_US","name":"welcome_kit","namespace":"` +
				sandbox.DefaultTemplateNamespace + `"}`}},
		{recipient: "16315552104", content: map[string]string{"type": "image", "link": link, "link_provider": "cdn",
			"recipient_type": "individual", "sent_by": "whatsapp_media_broadcast"}},
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: []resource.TestStep{
		{Config: config, Check: resource.ComposeTestCheckFunc(expectSends(s, 4),
			expectRecorded(t, s, apiOnPremises, record, sends))},
	}})
}
