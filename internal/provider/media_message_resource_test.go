package provider

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

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
	body := map[string]any{"recipient_type": "individual", "to": digitsOf(c.to), "type": c.typ, c.typ: media}
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
var lifecycleRecipients = []string{"+16315551001", "16315551002", "+1 631 555 1003"}

// lifecycleConfig is one uploaded PNG sent to every lifecycle recipient by
// media ID, as the contract's HCL does.
func lifecycleConfig(provider, png string) string {
	var b strings.Builder
	b.WriteString(provider)
	fmt.Fprintf(&b, "resource \"whatsapp_media\" \"logo\" {\n  source = %q\n}\n", filepath.ToSlash(png))
	for i, to := range lifecycleRecipients {
		fmt.Fprintf(&b, "resource \"whatsapp_media_message\" \"m%d\" {\n  to       = %q\n"+
			"  type     = whatsapp_media.logo.media_type\n  media_id = whatsapp_media.logo.id\n  caption  = \"Our logo\"\n", i, to)
		if i == len(lifecycleRecipients)-1 {
			b.WriteString("  media_sha256 = whatsapp_media.logo.sha256\n")
		}
		b.WriteString("}\n")
	}
	return b.String()
}

// startLifecycle starts a sandbox and writes the logo the lifecycle
// configuration uploads; it returns the sandbox, the logo's path and the
// configuration.
func startLifecycle(t *testing.T, flavor string) (*sandbox.Server, string, string) {
	t.Helper()
	s := startSandbox(t)
	png := filepath.Join(t.TempDir(), "logo.png")
	writeFile(t, png, mediafiletest.PNG(32, 32, 7))
	return s, png, lifecycleConfig(providerConfigFor(flavor, s), png)
}

// messageActions expects one action for every lifecycle message.
func messageActions(action plancheck.ResourceActionType, only ...int) []plancheck.PlanCheck {
	var checks []plancheck.PlanCheck
	for i := range lifecycleRecipients {
		if len(only) == 0 || containsInt(only, i) {
			checks = append(checks, plancheck.ExpectResourceAction(fmt.Sprintf("whatsapp_media_message.m%d", i), action))
		}
	}
	return checks
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// expectMessagesKeepMediaID checks every message still holds the media ID it
// was sent with, *id.
func expectMessagesKeepMediaID(id *string) []statecheck.StateCheck {
	var checks []statecheck.StateCheck
	for i := range lifecycleRecipients {
		checks = append(checks, statecheck.ExpectKnownValue(fmt.Sprintf("whatsapp_media_message.m%d", i),
			tfjsonpath.New("media_id"), knownvalue.StringFunc(func(got string) error {
				if got != *id {
					return fmt.Errorf("media_id %q, want %q (the ID the message was sent with)", got, *id)
				}
				return nil
			})))
	}
	return checks
}

// TestAccMediaMessage_mediaUploadedAgainSendsNothing: media deleted out of
// band (and, on Cloud, expired after 30 days) is uploaded again, and the
// messages that were sent with it plan no change and send nothing.
func TestAccMediaMessage_mediaUploadedAgainSendsNothing(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			t.Parallel()
			s, _, config := startLifecycle(t, flavor)
			var sentMediaID string
			reupload := []plancheck.PlanCheck{plancheck.ExpectResourceAction("whatsapp_media.logo", plancheck.ResourceActionCreate)}
			reupload = append(reupload, messageActions(plancheck.ResourceActionNoop)...)

			steps := []resource.TestStep{
				{
					Config: config,
					Check: resource.ComposeTestCheckFunc(expectSends(s, len(lifecycleRecipients)), func(st *terraform.State) error {
						var err error
						sentMediaID, err = stateID(st, "whatsapp_media.logo")
						return err
					}),
				},
				{
					PreConfig: func() {
						if !s.DeleteMedia(sentMediaID) {
							t.Fatalf("media %s was not on the sandbox", sentMediaID)
						}
					},
					Config:            config,
					ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: reupload},
					Check:             resource.ComposeTestCheckFunc(expectSends(s, len(lifecycleRecipients)), expectNewMedia(s, &sentMediaID)),
					ConfigStateChecks: expectMessagesKeepMediaID(&sentMediaID),
				},
			}
			if flavor == apiCloud {
				steps = append(steps, resource.TestStep{
					PreConfig:         func() { s.AdvanceClock(31 * 24 * time.Hour) }, // Cloud media expire after 30 days
					Config:            config,
					ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: reupload},
					Check:             resource.ComposeTestCheckFunc(expectSends(s, len(lifecycleRecipients)), expectNewMedia(s, &sentMediaID)),
					ConfigStateChecks: expectMessagesKeepMediaID(&sentMediaID),
				})
			}
			resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: steps})
		})
	}
}

// expectNewMedia checks the sandbox holds exactly one live media and that it
// is not the one the messages were sent with.
func expectNewMedia(s *sandbox.Server, sentMediaID *string) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		live := s.Media()
		if len(live) != 1 || live[0].ID == *sentMediaID {
			return fmt.Errorf("live media %d (want 1 new one, not %s)", len(live), *sentMediaID)
		}
		if id, err := stateID(st, "whatsapp_media.logo"); err != nil || id != live[0].ID {
			return fmt.Errorf("whatsapp_media.logo id %q, want the new upload %q (%v)", id, live[0].ID, err)
		}
		return nil
	}
}

// TestAccMediaMessage_contentChangeSendsAgain: new bytes behind the file
// replace the media, and the message that follows its content through
// media_sha256 is sent again, decided in the plan; a message without
// media_sha256 keeps what it sent.
func TestAccMediaMessage_contentChangeSendsAgain(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			t.Parallel()
			s, png, config := startLifecycle(t, flavor)
			last := len(lifecycleRecipients) - 1
			plan := []plancheck.PlanCheck{plancheck.ExpectResourceAction("whatsapp_media.logo", plancheck.ResourceActionReplace)}
			plan = append(plan, messageActions(plancheck.ResourceActionReplace, last)...)
			plan = append(plan, messageActions(plancheck.ResourceActionNoop, 0, 1)...)

			resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: []resource.TestStep{
				{Config: config, Check: expectSends(s, len(lifecycleRecipients))},
				{
					PreConfig:        func() { writeFile(t, png, mediafiletest.PNG(32, 32, 8)) },
					Config:           config,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: plan},
					Check: resource.ComposeTestCheckFunc(expectSends(s, len(lifecycleRecipients)+1),
						func(st *terraform.State) error {
							// The new send carries the new upload's ID, to the same recipient.
							msgs := s.Messages()
							newest := msgs[len(msgs)-1]
							mediaID, err := stateID(st, "whatsapp_media.logo")
							if err != nil {
								return err
							}
							if !strings.Contains(string(newest.Body), mediaID) || newest.To != digitsOf(lifecycleRecipients[last]) {
								return fmt.Errorf("the new send %s is not the new media %s to %s", newest.Body, mediaID, lifecycleRecipients[last])
							}
							return nil
						}),
				},
			}})
		})
	}
}

// TestAccMediaMessage_recipientFormatsAreOneRecipient: +, spaces, dashes,
// dots and parentheses are formatting; rewriting the number plans nothing and
// the state keeps the form it was sent to. Another number is another message.
func TestAccMediaMessage_recipientFormatsAreOneRecipient(t *testing.T) {
	s := startSandbox(t)
	config := func(to string) string {
		return cloudProviderConfig(s) + fmt.Sprintf(`
resource "whatsapp_media_message" "m" {
  to   = %q
  type = "image"
  link = "https://cdn.example.com/logo.png"
}
`, to)
	}
	sentTo := statecheck.ExpectKnownValue("whatsapp_media_message.m", tfjsonpath.New("to"), knownvalue.StringExact("491701223002"))
	steps := []resource.TestStep{{Config: config("491701223002"), Check: expectSends(s, 1)}}
	for _, same := range []string{"+49 170 1223002", "+49 (170) 122-3002", "+49.170.1223002"} {
		steps = append(steps, resource.TestStep{
			Config:            config(same),
			ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			ConfigStateChecks: []statecheck.StateCheck{sentTo},
			Check:             expectSends(s, 1),
		})
	}
	steps = append(steps, resource.TestStep{
		Config: config("+49 170 1223003"),
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectResourceAction("whatsapp_media_message.m", plancheck.ResourceActionReplace)}},
		Check: expectSends(s, 2),
	})
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: steps})
}

// TestAccMediaMessage_nationalNumberFailsAtPlan: a number with a leading 0 is
// in national format and reaches nobody; the plan says so on `to`, and nothing
// reaches the API.
func TestAccMediaMessage_nationalNumberFailsAtPlan(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			t.Parallel()
			s := startSandbox(t)
			resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: []resource.TestStep{{
				Config: providerConfigFor(flavor, s) + `
resource "whatsapp_media_message" "m" {
  to   = "0151 1234 5678"
  type = "image"
  link = "https://cdn.example.com/logo.png"
}
`,
				ExpectError: regexp.MustCompile(`(?s)Invalid WhatsApp Recipient.*with whatsapp_media_message.m.*to\s*=.*country\s+code\s+first`),
			}}})
			if n := len(s.Requests()); n != 0 {
				t.Fatalf("the sandbox received %d requests, want none", n)
			}
		})
	}
}

// TestAccMediaMessage_unknownOutcomeIsTraced: a send answered 500 may have
// been taken; the apply fails saying so, the state keeps the attempt as a
// tainted message with outcome "unknown", the next plan shows it is sent
// again, and `terraform untaint` accepts it as delivered: an empty plan, and
// nothing sent. Driven through the CLI, since untaint is no test step.
func TestAccMediaMessage_unknownOutcomeIsTraced(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			s := startSandbox(t)
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "main.tf"), []byte(cliProviderBlock()+providerConfigFor(flavor, s)+`
resource "whatsapp_media_message" "m" {
  to      = "+16315551001"
  type    = "image"
  link    = "https://cdn.example.com/logo.png"
  caption = "Our logo"
}
`))
			tf := newTerraformCLI(t, dir)
			tf.run("init", "-input=false")
			s.InjectFault(sandbox.Fault{Kind: sandbox.FaultStatus, Method: "POST", PathSuffix: "/messages", Status: 500})

			_, stderr := tf.fail("apply", "-auto-approve", "-input=false")
			if !strings.Contains(oneLine(stderr), "WhatsApp Message May Have Been Sent") || !strings.Contains(oneLine(stderr), "terraform untaint") {
				t.Fatalf("apply error does not say the message may have been sent and how to accept it:\n%s", stderr)
			}
			state, _ := tf.run("show", "-json")
			for _, want := range []string{`"outcome":"unknown"`, `"tainted":true`} {
				if !strings.Contains(state, want) {
					t.Fatalf("state lacks %s:\n%s", want, state)
				}
			}
			plan, _ := tf.run("plan", "-input=false")
			// Terraform says "is tainted, so must be replaced", OpenTofu "so it must be".
			for _, want := range []string{"whatsapp_media_message.m is tainted", "must be replaced", `outcome = "unknown"`} {
				if !strings.Contains(oneLine(plan), want) {
					t.Fatalf("the plan after an unknown outcome lacks %q:\n%s", want, plan)
				}
			}

			tf.run("untaint", "whatsapp_media_message.m")
			plan, _ = tf.run("plan", "-input=false")
			if !strings.Contains(plan, "No changes.") {
				t.Fatalf("after untaint the plan is not empty:\n%s", plan)
			}
			tf.run("apply", "-auto-approve", "-input=false")
			if n := sendRequests(s); n != 1 {
				t.Fatalf("the sandbox saw %d send requests, want only the first attempt", n)
			}
		})
	}
}

// TestAccMediaMessage_destroyPlanWarns: the plan of a destroy already says
// that recipients keep their messages; destroy sends nothing, and warns once
// for all the messages it forgets, not once per message.
func TestAccMediaMessage_destroyPlanWarns(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	s := startSandbox(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.tf"), []byte(cliProviderBlock()+cloudProviderConfig(s)+`
resource "whatsapp_media_message" "m" {
  count = 3
  to    = "+1631555100${count.index}"
  type  = "image"
  link  = "https://cdn.example.com/logo.png"
}
`))
	tf := newTerraformCLI(t, dir)
	tf.run("init", "-input=false")
	tf.run("apply", "-auto-approve", "-input=false")
	plan, _ := tf.run("plan", "-destroy", "-input=false")
	if !strings.Contains(oneLine(plan), "WhatsApp Message Stays With the Recipient") || !strings.Contains(oneLine(plan), "cannot be unsent") {
		t.Fatalf("the destroy plan does not warn that the recipient keeps the message:\n%s", plan)
	}
	out, errOut := tf.run("destroy", "-auto-approve", "-input=false")
	if n := strings.Count(out+errOut, "Warning: WhatsApp Message Not Unsent"); n != 1 {
		t.Fatalf("destroying 3 messages printed %d \"WhatsApp Message Not Unsent\" warnings, want 1:\n%s\n%s", n, out, errOut)
	}
	if n := sendRequests(s); n != 3 {
		t.Fatalf("the sandbox saw %d send requests, want 3 (destroy sends nothing)", n)
	}
}

// envScaleRecipients sets how many recipients the scale scenarios use:
// `make soak` sets 200; `make test` runs the short size.
const envScaleRecipients = "WHATSAPP_SCALE_RECIPIENTS"

const defaultScaleRecipients = 40

func scaleRecipients(t *testing.T) []string {
	t.Helper()
	n := defaultScaleRecipients
	if v := os.Getenv(envScaleRecipients); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			t.Fatalf("%s=%q: use a positive number of recipients", envScaleRecipients, v)
		}
	}
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("+1631555%04d", i)
	}
	return out
}

// scaleConfig sends one image by link to each recipient; the provider block
// comes from WHATSAPP_* variables so no secret is in the configuration.
const scaleConfig = `
variable "recipients" {
  type = set(string)
}

resource "whatsapp_media_message" "m" {
  for_each = var.recipients
  to       = each.value
  type     = "image"
  link     = "https://example.com/catalogue.png"
}
`

func (c *cliScenario) setRecipients(recipients []string) {
	c.t.Helper()
	vars, err := json.Marshal(map[string]any{"recipients": recipients})
	if err != nil {
		c.t.Fatal(err)
	}
	c.write("terraform.tfvars.json", string(vars))
}

// messagesByRecipient is the sandbox's messages grouped by recipient, keyed
// as recipients writes them (the wire carries their digits).
func messagesByRecipient(s *sandbox.Server, recipients []string) map[string][]string {
	written := map[string]string{}
	for _, r := range recipients {
		written[digitsOf(r)] = r
	}
	out := map[string][]string{}
	for _, m := range s.Messages() {
		out[written[m.To]] = append(out[written[m.To]], m.ID)
	}
	return out
}

// digitsOf is a recipient as the wire carries it: its digits alone. Written
// here independently of whatsapp.CanonicalRecipient, for expectations.
func digitsOf(to string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, to)
}

// scaleFigures are what one scale run did, for the log and the report.
type scaleFigures struct {
	applies, sends, accepted, duplicates, unknown, logins, secrets int
}

// TestAccMediaMessage_faultsAtScale applies for_each over many recipients at
// -parallelism=10 while the sandbox throttles 20% of sends (429 and Cloud codes
// 130429, 131056, 4), answers 10% with 500 after taking them and drops 10% of
// connections after taking the request. Applies repeat until one succeeds.
// Per recipient and apply it checks:
//   - at most one message is taken;
//   - a taken message whose answer arrived is in state with its ID;
//   - a taken message whose answer was lost is reported as an unknown outcome
//     (unknownOutcomeReported; the place to also check a state trace);
//   - a recipient whose ID is in state is never sent to again.
//
// It runs at TF_LOG=TRACE and ends by looking for the secrets in every log,
// the state and the output.
func TestAccMediaMessage_faultsAtScale(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) { faultsAtScale(t, flavor) })
	}
}

func faultsAtScale(t *testing.T, flavor string) {
	const (
		token    = "tok-scale-3b9e1d-never-in-logs"
		password = "pw-scale-77ac02-never-in-logs"
	)
	s, err := sandbox.New(sandbox.Options{AccessToken: token, Password: password})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	if err := s.SetChaos(sandbox.Chaos{Seed: 20251125, ThrottleShare: 0.2, ErrorAfterShare: 0.1, DropAfterShare: 0.1}); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{envAPI: flavor, envBaseURL: s.URL()}
	if flavor == apiCloud {
		env[envPhoneNumberID], env[envAccessToken] = sandbox.DefaultPhoneNumberID, token
	} else {
		env[envUsername], env[envPassword] = sandbox.DefaultUsername, password
	}
	c := newCLIScenario(t, env, scaleConfig,
		[]string{token, password, base64.StdEncoding.EncodeToString([]byte(sandbox.DefaultUsername + ":" + password))})
	recipients := scaleRecipients(t)
	c.setRecipients(recipients)

	fig := scaleFigures{}
	const maxApplies = 12
	converged := false
	for fig.applies < maxApplies && !converged {
		fig.applies++
		before, stateBefore := messagesByRecipient(s, recipients), c.messageIDs()
		unansweredBefore := len(s.ChaosStats().Unanswered)
		out, err := c.apply()
		after, traces := messagesByRecipient(s, recipients), c.messageTraces()
		state := map[string]string{}
		for r, tr := range traces {
			state[r] = tr.ID
		}
		unanswered := map[string]bool{}
		for _, id := range s.ChaosStats().Unanswered[unansweredBefore:] {
			unanswered[id] = true
		}
		errs := errorsByKey(out)
		for _, r := range recipients {
			taken := after[r][len(before[r]):]
			switch {
			case len(taken) > 1:
				t.Errorf("apply %d: %s got %d messages in one apply: %v", fig.applies, r, len(taken), taken)
			case len(taken) == 1 && stateBefore[r] != "":
				fig.duplicates++
				t.Errorf("apply %d: %s was sent %s although state already held its message %s", fig.applies, r, taken[0], stateBefore[r])
			case len(taken) == 1 && unanswered[taken[0]]:
				fig.unknown++
				if state[r] == taken[0] {
					t.Errorf("apply %d: %s: state holds %s, whose answer never arrived", fig.applies, r, taken[0])
				}
				unknownOutcomeReported(t, fig.applies, r, errs[r], traces[r])
			case len(taken) == 1 && state[r] != taken[0]:
				t.Errorf("apply %d: %s: the sandbox answered message %s, state holds %q (errors: %v)", fig.applies, r, taken[0], state[r], errs[r])
			case len(taken) == 0 && stateBefore[r] == "" && len(errs[r]) == 0:
				t.Errorf("apply %d: %s: nothing sent, nothing reported, state %q", fig.applies, r, state[r])
			}
			for _, summary := range errs[r] {
				if summary == mayHaveBeenSentSummary && (len(taken) != 1 || !unanswered[taken[0]]) {
					t.Errorf("apply %d: %s reported %q but no taken message went unanswered", fig.applies, r, summary)
				}
			}
		}
		if t.Failed() {
			t.Fatalf("apply %d output:\n%.4000s", fig.applies, out)
		}
		converged = err == nil
	}
	if !converged {
		t.Fatalf("no clean apply after %d applies", fig.applies)
	}

	// Converged: every recipient has exactly the message in state plus one per
	// unknown outcome, a plan is empty and another apply sends nothing.
	state, all := c.messageIDs(), messagesByRecipient(s, recipients)
	for _, r := range recipients {
		if state[r] == "" || all[r][len(all[r])-1] != state[r] {
			t.Errorf("%s: state %q, the sandbox's last message %v", r, state[r], all[r])
		}
	}
	if out, err := c.run("plan", "-detailed-exitcode", "-input=false"); err != nil {
		t.Fatalf("plan after convergence is not empty (%v):\n%.4000s", err, out)
	}
	taken := len(s.Messages())
	if out, err := c.apply(); err != nil || len(s.Messages()) != taken {
		t.Fatalf("a clean re-apply sent %d messages (%v):\n%.4000s", len(s.Messages())-taken, err, out)
	}
	fig.sends, fig.accepted, fig.logins = s.ChaosStats().Sends, len(s.Messages()), s.Logins()
	if fig.accepted != len(recipients)+fig.unknown {
		t.Errorf("the sandbox took %d messages for %d recipients and %d unknown outcomes", fig.accepted, len(recipients), fig.unknown)
	}
	fig.secrets = c.checkSecrets()
	logScaleFigures(t, len(recipients), fig)
	st := s.ChaosStats()
	t.Logf("sandbox answers: throttled=%d taken_then_500=%d taken_then_dropped=%d", st.Throttled, st.ErrorsAfterTaking, st.DropsAfterTaking)
	if st.ErrorsAfterTaking+st.DropsAfterTaking != fig.unknown {
		t.Errorf("the sandbox left %d taken messages unanswered, the applies reported %d unknown outcomes",
			st.ErrorsAfterTaking+st.DropsAfterTaking, fig.unknown)
	}
}

// mayHaveBeenSentSummary is the error a send with an unknown outcome reports.
const mayHaveBeenSentSummary = "WhatsApp Message May Have Been Sent"

// unknownOutcomeReported checks that a message taken without its answer
// reaching the provider is reported in the apply's output, and traced in
// state: no ID, outcome "unknown", tainted (so the next plan shows the send).
func unknownOutcomeReported(t *testing.T, apply int, recipient string, errs []string, trace messageTrace) {
	t.Helper()
	if trace != (messageTrace{Outcome: outcomeUnknown, Tainted: true}) {
		t.Errorf("apply %d: %s: a message was taken but its answer lost, and state holds %+v, not the trace of an "+
			"unknown outcome", apply, recipient, trace)
	}
	for _, e := range errs {
		if e == mayHaveBeenSentSummary {
			return
		}
	}
	t.Errorf("apply %d: %s: a message was taken but its answer lost, and the output does not say %q (errors: %v)",
		apply, recipient, mayHaveBeenSentSummary, errs)
}

func logScaleFigures(t *testing.T, recipients int, f scaleFigures) {
	t.Helper()
	t.Logf("scale figures: recipients=%d applies=%d sends_attempted=%d accepted=%d duplicates=%d unknown_outcomes_reported=%d logins=%d secrets_found=%d",
		recipients, f.applies, f.sends, f.accepted, f.duplicates, f.unknown, f.logins, f.secrets)
}

// TestAccMediaMessage_tokenExpiresUnderLoad: an On-Premises login token runs
// out in the middle of an apply with 10 sends in flight. Every send that gets
// the 401 shares one new login, then goes through: exactly one login after
// the expiry, no failed send, no message twice.
func TestAccMediaMessage_tokenExpiresUnderLoad(t *testing.T) {
	const password = "pw-expiry-8c41f0-never-in-logs"
	s, err := sandbox.New(sandbox.Options{Password: password})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	recipients := scaleRecipients(t)
	// -parallelism=10 lets ten sends be in flight at once: the sandbox holds
	// them until all ten wait, then expires the token under every one.
	const inFlight = 10
	if err := s.SetChaos(sandbox.Chaos{ExpireTokensWhenInFlight: inFlight}); err != nil {
		t.Fatal(err)
	}
	c := newCLIScenario(t, map[string]string{
		envAPI: apiOnPremises, envBaseURL: s.URL(), envUsername: sandbox.DefaultUsername, envPassword: password,
	}, scaleConfig, []string{password, base64.StdEncoding.EncodeToString([]byte(sandbox.DefaultUsername + ":" + password))})
	c.setRecipients(recipients)

	if out, err := c.apply(); err != nil {
		t.Fatalf("apply failed: %v\n%.4000s", err, out)
	}
	st := s.ChaosStats()
	if st.LoginsAtExpiry < 1 {
		t.Fatalf("the tokens never expired (logins at expiry %d): the scenario tested nothing", st.LoginsAtExpiry)
	}
	if after := s.Logins() - st.LoginsAtExpiry; after != 1 {
		t.Errorf("%d logins after the token expired, want exactly 1", after)
	}
	expired := 0
	for _, r := range s.Requests() {
		if r.Path == "/v1/messages" && r.Status == 401 {
			expired++
		}
	}
	if st.HeldAtExpiry != inFlight || expired < inFlight {
		t.Errorf("%d sends were in flight when the token expired and %d met it, want %d", st.HeldAtExpiry, expired, inFlight)
	}
	state, byRecipient := c.messageIDs(), messagesByRecipient(s, recipients)
	for _, r := range recipients {
		if len(byRecipient[r]) != 1 || state[r] != byRecipient[r][0] {
			t.Errorf("%s: sandbox messages %v, state %q; want one, in state", r, byRecipient[r], state[r])
		}
	}
	secrets := c.checkSecrets()
	t.Logf("token expiry figures: recipients=%d sends_met_expired_token=%d logins_before_expiry=%d logins_after_expiry=%d messages=%d secrets_found=%d",
		len(recipients), expired, st.LoginsAtExpiry, s.Logins()-st.LoginsAtExpiry, len(s.Messages()), secrets)
}

// TestAccMediaMessage_canonicalOnTheWire: a recipient written with formatting
// goes on the wire as its canonical digits on both flavors (the sandbox's
// On-Premises side refuses anything else, as a strict gateway does), while
// state keeps what the configuration wrote, so the next plan is empty.
func TestAccMediaMessage_canonicalOnTheWire(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			s := startSandbox(t)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: providerConfigFor(flavor, s) + `
resource "whatsapp_media_message" "m" {
  to   = "+49 (170) 122-30.03"
  type = "image"
  link = "https://cdn.example.com/a.jpg"
}
`,
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("whatsapp_media_message.m", tfjsonpath.New("to"), knownvalue.StringExact("+49 (170) 122-30.03")),
					},
					Check: func(*terraform.State) error {
						if got := sentRecipients(s); fmt.Sprint(got) != "[491701223003]" {
							return fmt.Errorf("the sandbox saw sends to %q, want one to 491701223003", got)
						}
						return nil
					},
				}},
			})
		})
	}
}
