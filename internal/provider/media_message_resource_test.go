package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile/mediafiletest"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// mmCase is one whatsapp_media_message in a test configuration, and what the
// sandbox must have received for it.
type mmCase struct {
	name     string // resource name
	to       string
	typ      string
	byID     bool   // media_id from whatsapp_media.<typ>, else link
	caption  string // "" leaves it out
	filename string
	provider string // link_provider
	triggers string // HCL map literal, "" leaves it out
}

func (c mmCase) link() string { return "https://cdn.example.com/media/" + c.name }

// hcl renders the case as a resource block. Media sent by ID takes its type from
// the whatsapp_media resource too, so both are unknown at the first plan.
func (c mmCase) hcl() string {
	var b strings.Builder
	fmt.Fprintf(&b, "resource \"whatsapp_media_message\" %q {\n  to = %q\n", c.name, c.to)
	if c.byID {
		fmt.Fprintf(&b, "  type     = whatsapp_media.%s.media_type\n  media_id = whatsapp_media.%s.id\n", c.typ, c.typ)
	} else {
		fmt.Fprintf(&b, "  type = %q\n  link = %q\n", c.typ, c.link())
	}
	for attr, v := range map[string]string{"caption": c.caption, "filename": c.filename, "link_provider": c.provider} {
		if v != "" {
			fmt.Fprintf(&b, "  %s = %q\n", attr, v)
		}
	}
	if c.triggers != "" {
		fmt.Fprintf(&b, "  triggers = %s\n", c.triggers)
	}
	b.WriteString("}\n")
	return b.String()
}

// expectedBody is the request body Meta's "Sending Media Messages" page
// documents for the case: the media object holds id or link, the optional
// fields only when set, and On-Premises' provider object only with a link;
// Cloud adds messaging_product.
func (c mmCase) expectedBody(flavor, mediaID string) map[string]any {
	media := map[string]any{}
	if c.byID {
		media["id"] = mediaID
	} else {
		media["link"] = c.link()
	}
	if c.caption != "" {
		media["caption"] = c.caption
	}
	if c.filename != "" {
		media["filename"] = c.filename
	}
	if c.provider != "" {
		media["provider"] = map[string]any{"name": c.provider}
	}
	body := map[string]any{"recipient_type": "individual", "to": c.to, "type": c.typ, c.typ: media}
	if flavor == apiCloud {
		body["messaging_product"] = "whatsapp"
	}
	return body
}

// mmAllTypeCases is every media type, by media ID and by link, with each
// optional field where the type allows it. On-Premises link messages of the
// types that take them name a media provider.
func mmAllTypeCases(flavor string) []mmCase {
	var cases []mmCase
	for i, typ := range whatsapp.MediaMessageTypes() {
		for j, byID := range []bool{true, false} {
			c := mmCase{typ: typ, byID: byID, to: fmt.Sprintf("+1 631-555-%04d", 10*i+j)}
			c.name = typ + map[bool]string{true: "_id", false: "_link"}[byID]
			if typ == "image" || typ == "video" || typ == "document" {
				c.caption = "A " + typ + " for you"
			}
			if typ == "document" {
				c.filename = "catalogue.pdf"
			}
			if flavor == apiOnPremises && !byID && (typ == "document" || typ == "image") {
				c.provider = "cdn"
			}
			cases = append(cases, c)
		}
	}
	return cases
}

// mmWith returns a copy of cases with the named case changed by edit.
func mmWith(cases []mmCase, name string, edit func(*mmCase)) []mmCase {
	out := append([]mmCase(nil), cases...)
	for i := range out {
		if out[i].name == name {
			edit(&out[i])
			return out
		}
	}
	panic("no case named " + name)
}

// mmMediaResources writes one genuine file per media type and returns the
// whatsapp_media resources uploading them.
func mmMediaResources(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]struct {
		name string
		data []byte
	}{
		"image":    {"photo.jpg", mediafiletest.JPEG(64, 64, 1)},
		"video":    {"clip.mp4", mediafiletest.MP4(2048, 2)},
		"audio":    {"song.mp3", mediafiletest.MP3(4, 3)},
		"sticker":  {"sticker.webp", mediafiletest.WebP(1024, 4)},
		"document": {"catalogue.pdf", mediafiletest.PDF(5)},
	}
	var b strings.Builder
	for _, typ := range whatsapp.MediaMessageTypes() {
		f := files[typ]
		p := filepath.Join(dir, f.name)
		if err := os.WriteFile(p, f.data, 0o600); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "resource \"whatsapp_media\" %q {\n  source = %q\n}\n", typ, filepath.ToSlash(p))
	}
	return b.String()
}

func mmConfig(provider, media string, cases []mmCase) string {
	var b strings.Builder
	b.WriteString(provider)
	b.WriteString(media)
	for _, c := range cases {
		b.WriteString(c.hcl())
	}
	return b.String()
}

// mmCheckSent asserts the sandbox holds exactly total messages, and that for
// each case the message whose ID is in state has exactly the documented body.
func mmCheckSent(s *sandbox.Server, flavor string, total int, cases []mmCase) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		msgs := s.Messages()
		if len(msgs) != total {
			return fmt.Errorf("sandbox received %d messages, want %d", len(msgs), total)
		}
		byID := map[string]sandbox.ReceivedMessage{}
		for _, m := range msgs {
			byID[m.ID] = m
		}
		res := st.RootModule().Resources
		for _, c := range cases {
			rs, ok := res["whatsapp_media_message."+c.name]
			if !ok {
				return fmt.Errorf("%s: not in state", c.name)
			}
			id := rs.Primary.Attributes["id"]
			m, ok := byID[id]
			if !ok {
				return fmt.Errorf("%s: state id %q is not a message the sandbox received", c.name, id)
			}
			var mediaID string
			if c.byID {
				mediaID = res["whatsapp_media."+c.typ].Primary.Attributes["id"]
			}
			var got map[string]any
			if err := json.Unmarshal(m.Body, &got); err != nil {
				return fmt.Errorf("%s: body %s: %v", c.name, m.Body, err)
			}
			if want := c.expectedBody(flavor, mediaID); !reflect.DeepEqual(got, want) {
				return fmt.Errorf("%s: sandbox received\n%s\nwant %#v", c.name, m.Body, want)
			}
			if m.Flavor != flavor {
				return fmt.Errorf("%s: sent to the %s API, want %s", c.name, m.Flavor, flavor)
			}
		}
		return nil
	}
}

// mmExpectReplacedBy checks that the plan replaces addr because of attr, so the
// plan shows the user why a message is sent again.
type mmExpectReplacedBy struct{ addr, attr string }

func (e mmExpectReplacedBy) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != e.addr {
			continue
		}
		if !rc.Change.Actions.Replace() {
			resp.Error = fmt.Errorf("%s: planned %v, want a replacement", e.addr, rc.Change.Actions)
			return
		}
		for _, p := range rc.Change.ReplacePaths {
			if steps, ok := p.([]any); ok && len(steps) > 0 && steps[0] == e.attr {
				return
			}
		}
		resp.Error = fmt.Errorf("%s: replacement caused by %v, want %q", e.addr, rc.Change.ReplacePaths, e.attr)
		return
	}
	resp.Error = fmt.Errorf("%s: not in the plan", e.addr)
}

// TestAccMediaMessage_allTypes sends every type by media ID and by link on both
// API flavors, then shows that nothing is sent again unless an argument or a
// trigger value changes, and that destroy sends nothing.
func TestAccMediaMessage_allTypes(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			t.Parallel()
			s := startSandbox(t)
			provider := providerConfigFor(flavor, s)
			media := mmMediaResources(t)

			cases := mmWith(mmAllTypeCases(flavor), "document_id", func(c *mmCase) { c.triggers = `{ release = "1" }` })
			newCaption := mmWith(cases, "video_id", func(c *mmCase) { c.caption = "A new caption" })
			newTrigger := mmWith(newCaption, "document_id", func(c *mmCase) { c.triggers = `{ release = "2" }` })
			nullKey := mmWith(newTrigger, "document_id", func(c *mmCase) { c.triggers = `{ release = "2", extra = null }` })
			firstNullKey := mmWith(nullKey, "image_link", func(c *mmCase) { c.triggers = `{ extra = null }` })

			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				CheckDestroy: func(*terraform.State) error {
					if n := len(s.Messages()); n != 12 {
						return fmt.Errorf("sandbox holds %d messages after destroy, want 12: destroy must send nothing", n)
					}
					return nil
				},
				Steps: []resource.TestStep{
					{
						// The provider's name must be exactly what the message names.
						PreConfig: func() { s.PutMediaProvider(sandbox.MediaProvider{Name: "cdn", Type: "www", Bearer: "cdn-token"}) },
						Config:    mmConfig(provider, media, cases),
						Check:     mmCheckSent(s, flavor, 10, cases),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue("whatsapp_media_message.image_id", tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`.`))),
							statecheck.ExpectKnownValue("whatsapp_media_message.image_id", tfjsonpath.New("recipient_type"), knownvalue.StringExact("individual")),
							statecheck.ExpectKnownValue("whatsapp_media_message.image_id", tfjsonpath.New("sent_at"),
								knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))),
						},
					},
					{
						// Same configuration: nothing to do, nothing sent.
						Config:           mmConfig(provider, media, cases),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
						Check:            mmCheckSent(s, flavor, 10, cases),
					},
					{
						Config: mmConfig(provider, media, newCaption),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							mmExpectReplacedBy{"whatsapp_media_message.video_id", "caption"},
							plancheck.ExpectResourceAction("whatsapp_media_message.image_id", plancheck.ResourceActionNoop),
						}},
						Check: mmCheckSent(s, flavor, 11, newCaption),
					},
					{
						Config: mmConfig(provider, media, newTrigger),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							mmExpectReplacedBy{"whatsapp_media_message.document_id", "triggers"},
						}},
						Check: mmCheckSent(s, flavor, 12, newTrigger),
					},
					{
						// A new key with a null value (an unset module input) sends nothing.
						Config:           mmConfig(provider, media, nullKey),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
						Check:            mmCheckSent(s, flavor, 12, nullKey),
					},
					{
						// With no triggers before, Terraform cannot plan the old null map
						// for the new one: an in-place update that sends nothing.
						Config: mmConfig(provider, media, firstNullKey),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction("whatsapp_media_message.image_link", plancheck.ResourceActionUpdate),
						}},
						Check: mmCheckSent(s, flavor, 12, firstNullKey),
					},
				},
			})
		})
	}
}

// TestAccMediaMessage_invalid shows every field rule failing at plan time on
// its own attribute, with nothing sent. Values unknown at plan time are
// checked again before the send, still sending nothing.
func TestAccMediaMessage_invalid(t *testing.T) {
	t.Parallel()
	s := startSandbox(t)
	cloud := cloudProviderConfig(s)

	msg := func(body string) string {
		return cloud + "resource \"whatsapp_media_message\" \"m\" {\n" + body + "\n}\n"
	}
	// onAttr matches a diagnostic's summary and the configuration line Terraform
	// quotes for the attribute the diagnostic is attached to.
	onAttr := func(summary, attr string) *regexp.Regexp {
		return regexp.MustCompile(`(?s)` + summary + `.*?\d+:\s+` + attr + `\s+=`)
	}
	link := `link = "https://cdn.example.com/a"`
	steps := []struct {
		name, body string
		want       *regexp.Regexp
	}{
		{"neither media_id nor link", `to = "16315551001"
  type = "image"`, regexp.MustCompile(`(?s)Missing Attribute Configuration.*media_id,link`)},
		{"both media_id and link", `to = "16315551001"
  type = "image"
  media_id = "123"
  ` + link, onAttr(`Invalid Attribute Combination`, "media_id")},
		{"empty media_id", `to = "16315551001"
  type = "image"
  media_id = ""`, onAttr(`Invalid WhatsApp Media ID`, "media_id")},
		{"link not http", `to = "16315551001"
  type = "image"
  link = "ftp://cdn.example.com/a.jpg"`, onAttr(`Invalid URL`, "link")},
		{"link without host", `to = "16315551001"
  type = "image"
  link = "https:///a.jpg"`, onAttr(`Invalid URL`, "link")},
		{"caption on audio", `to = "16315551001"
  type = "audio"
  caption = "hi"
  ` + link, onAttr(`Caption Not Allowed`, "caption")},
		{"caption on sticker", `to = "16315551001"
  type = "sticker"
  caption = "hi"
  ` + link, onAttr(`Caption Not Allowed`, "caption")},
		{"filename on image", `to = "16315551001"
  type = "image"
  filename = "a.jpg"
  ` + link, onAttr(`Filename Not Allowed`, "filename")},
		{"caption too long", `to = "16315551001"
  type = "image"
  caption = "` + strings.Repeat("é", whatsapp.MaxCaptionLength+1) + `"
  ` + link, onAttr(`Invalid Attribute Value Length`, "caption")},
		{"link_provider without link", `to = "16315551001"
  type = "image"
  media_id = "123"
  link_provider = "cdn"`, onAttr(`Invalid Attribute Combination`, "link_provider")},
		{"link_provider on Cloud", `to = "16315551001"
  type = "image"
  link_provider = "cdn"
  ` + link, onAttr(`Media Providers Need the On-Premises API`, "link_provider")},
		{"to not a number", `to = "alice"
  type = "image"
  ` + link, onAttr(`Invalid WhatsApp Recipient`, "to")},
		{"to too short", `to = "+1 234"
  type = "image"
  ` + link, onAttr(`Invalid WhatsApp Recipient`, "to")},
		{"to too long", `to = "+1234567890123456"
  type = "image"
  ` + link, onAttr(`Invalid WhatsApp Recipient`, "to")},
		{"unknown type", `to = "16315551001"
  type = "text"
  ` + link, onAttr(`Invalid Attribute Value Match`, "type")},
		{"unknown recipient_type", `to = "16315551001"
  type = "image"
  recipient_type = "broadcast"
  ` + link, onAttr(`Invalid Attribute Value Match`, "recipient_type")},
	}

	var ts []resource.TestStep
	for _, st := range steps {
		ts = append(ts, resource.TestStep{Config: msg(st.body), PlanOnly: true, ExpectError: st.want})
	}
	// The limits themselves pass: 1024 two-byte characters, a dotted number.
	ts = append(ts, resource.TestStep{
		Config: msg(`to = "+1.631.555.1001"
  type = "document"
  caption = "` + strings.Repeat("é", whatsapp.MaxCaptionLength) + `"
  filename = "a.pdf"
  ` + link),
		PlanOnly:           true,
		ExpectNonEmptyPlan: true,
	})
	// A type unknown at plan time skips the caption rule there; the send
	// checks it again and refuses before anything goes out.
	ts = append(ts, resource.TestStep{
		Config: cloud + `
resource "terraform_data" "kind" {
  input = "audio"
}
resource "whatsapp_media_message" "m" {
  to      = "16315551001"
  type    = terraform_data.kind.output
  caption = "hi"
  link    = "https://cdn.example.com/a.ogg"
}
`,
		ExpectError: regexp.MustCompile(`Caption Not Allowed`),
	})
	// Likewise a recipient unknown at plan time.
	ts = append(ts, resource.TestStep{
		Config: cloud + `
resource "terraform_data" "who" {
  input = "alice"
}
resource "whatsapp_media_message" "m" {
  to   = terraform_data.who.output
  type = "image"
  link = "https://cdn.example.com/a.jpg"
}
`,
		ExpectError: regexp.MustCompile(`(?s)Invalid WhatsApp Recipient.*"alice" is not a phone number`),
	})

	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: ts})
	if n := len(s.Messages()); n != 0 {
		t.Errorf("sandbox received %d messages from invalid configurations, want none", n)
	}
}

func mmLinkConfig(provider string) string {
	return provider + `
resource "whatsapp_media_message" "m" {
  to      = "+16315551001"
  type    = "image"
  link    = "https://cdn.example.com/a.jpg"
  caption = "Hello"
}
`
}

// TestAccMediaMessage_faults shows the at-most-once send: throttling is
// retried after Retry-After and sends once; a 5xx or a connection dropped after
// the API took the request fails with "may have been sent", without a retry.
func TestAccMediaMessage_faults(t *testing.T) {
	type fault struct {
		name     string
		fault    sandbox.Fault
		wantErr  *regexp.Regexp
		messages int // messages the sandbox kept
		posts    int // send requests it saw
	}
	// Terraform wraps diagnostic details, so words may be split by any space.
	mayHaveBeenSent := regexp.MustCompile(`(?s)WhatsApp Message May Have Been Sent.*` +
		strings.Join(strings.Fields("leaves the outcome unknown"), `\s+`) + `.*recipient.*webhook.*` +
		strings.Join(strings.Fields("the next apply sends the message again"), `\s+`))
	for _, flavor := range flavors {
		throttle := sandbox.Fault{Kind: sandbox.FaultStatus, Method: "POST", PathSuffix: "/messages", Status: 429, RetryAfter: "1"}
		if flavor == apiCloud {
			throttle.Code = 130429
		}
		for _, f := range []fault{
			{"throttled", throttle, nil, 1, 2},
			{"server error", sandbox.Fault{Kind: sandbox.FaultStatus, Method: "POST", PathSuffix: "/messages", Status: 500},
				mayHaveBeenSent, 0, 1},
			{"dropped after", sandbox.Fault{Kind: sandbox.FaultDropAfter, Method: "POST", PathSuffix: "/messages"},
				mayHaveBeenSent, 1, 1},
			// A refusal is a plain error saying what was attempted, with the code's advice.
			{"refused", sandbox.Fault{Kind: sandbox.FaultStatus, Method: "POST", PathSuffix: "/messages", Status: 400, Code: 131053},
				regexp.MustCompile(`(?s)Unable to Send WhatsApp Media Message.*Sending an image message to\s+"\+16315551001" by link.*131053.*could not be uploaded or\s+fetched`), 0, 1},
		} {
			t.Run(flavor+"/"+f.name, func(t *testing.T) {
				t.Parallel()
				s := startSandbox(t)
				s.InjectFault(f.fault)
				step := resource.TestStep{Config: mmLinkConfig(providerConfigFor(flavor, s)), ExpectError: f.wantErr}
				if f.wantErr == nil {
					step.ConfigStateChecks = []statecheck.StateCheck{statecheck.ExpectKnownValue(
						"whatsapp_media_message.m", tfjsonpath.New("id"), knownvalue.StringFunc(func(id string) error {
							if msgs := s.Messages(); len(msgs) != 1 || msgs[0].ID != id {
								return fmt.Errorf("state id %q is not the one message the sandbox kept: %v", id, msgs)
							}
							return nil
						}))}
				}
				resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: []resource.TestStep{step}})
				if n := len(s.Messages()); n != f.messages {
					t.Errorf("sandbox kept %d messages, want %d", n, f.messages)
				}
				if n := countRequests(s, "POST", `/messages$`); n != f.posts {
					t.Errorf("sandbox saw %d send requests, want %d", n, f.posts)
				}
			})
		}
	}
}

// TestAccMediaMessage_importRefused: importing a message fails with this
// resource's own error, which says why and what to do, and sends nothing.
func TestAccMediaMessage_importRefused(t *testing.T) {
	s := startSandbox(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:        mmLinkConfig(cloudProviderConfig(s)),
			ResourceName:  "whatsapp_media_message.m",
			ImportState:   true,
			ImportStateId: "wamid.HBgLMTYzMTU1NTEwMDEVAgARGBI",
			ExpectError: regexp.MustCompile(`(?s)WhatsApp Messages Cannot Be Imported.*"wamid\.HBgLMTYzMTU1NTEwMDEVAgARGBI".*` +
				`terraform\s+state\s+rm`),
		}},
	})
	if n := sendRequests(s); n != 0 {
		t.Errorf("an import sent %d messages, want none", n)
	}
}

// The tests in this file follow one message configuration through its life:
// a message reaches its recipient once, and is sent again only when what the
// recipient would get changes or a trigger changes; never because its media
// was uploaded again, its recipient was reformatted, or an apply failed.

// lifecycleRecipients get the logo; the last one's message follows the
// media's content through media_sha256, the others only reference media_id.
