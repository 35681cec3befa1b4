package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

const mediaProviderAddr = "whatsapp_media_provider.cdn"

func mediaProviderBearerConfig(s *sandbox.Server, token string) string {
	return onPremProviderConfig(s) + fmt.Sprintf(`
resource "whatsapp_media_provider" "cdn" {
  name         = "cdn"
  bearer_token = %q
}
`, token)
}

func mediaProviderBasicConfig(s *sandbox.Server, user, password string) string {
	return onPremProviderConfig(s) + fmt.Sprintf(`
resource "whatsapp_media_provider" "cdn" {
  name           = "cdn"
  basic_username = %q
  basic_password = %q
}
`, user, password)
}

// mpCheckSandboxProviders asserts the sandbox holds exactly want, nothing more.
func mpCheckSandboxProviders(s *sandbox.Server, want ...sandbox.MediaProvider) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got := s.MediaProviders()
		if len(got) == 0 && len(want) == 0 {
			return nil
		}
		if !reflect.DeepEqual(got, want) {
			return fmt.Errorf("sandbox media providers:\n got  %+v\n want %+v", got, want)
		}
		return nil
	}
}

func mpExpectString(attr, want string) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(mediaProviderAddr, tfjsonpath.New(attr), knownvalue.StringExact(want))
}

func mpExpectNull(attr string) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(mediaProviderAddr, tfjsonpath.New(attr), knownvalue.Null())
}

// TestAccMediaProvider_lifecycle walks one provider through create, in-place
// update, drift (changed and removed out of band), import, a switch to basic
// auth and destroy, checking what the sandbox holds after each step.
func TestAccMediaProvider_lifecycle(t *testing.T) {
	s := startSandbox(t)
	bearer := func(token string) sandbox.MediaProvider {
		return sandbox.MediaProvider{Name: "cdn", Type: "www", Bearer: token}
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             mpCheckSandboxProviders(s),
		Steps: []resource.TestStep{
			{
				Config: mediaProviderBearerConfig(s, "token-1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(mediaProviderAddr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					mpExpectString("id", "cdn"),
					mpExpectString("name", "cdn"),
					mpExpectString("type", "www"),
					mpExpectString("bearer_token", "token-1"),
					mpExpectNull("basic_username"),
					mpExpectNull("basic_password"),
					statecheck.ExpectSensitiveValue(mediaProviderAddr, tfjsonpath.New("bearer_token")),
				},
				Check: mpCheckSandboxProviders(s, bearer("token-1")),
			},
			{
				// A new token is an in-place update, never a replacement.
				Config: mediaProviderBearerConfig(s, "token-2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(mediaProviderAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{mpExpectString("bearer_token", "token-2")},
				Check:             mpCheckSandboxProviders(s, bearer("token-2")),
			},
			{
				// Changed out of band: refresh sees the server's token, the plan
				// updates it back, and the apply restores the configured one.
				PreConfig: func() { s.PutMediaProvider(bearer("rotated-by-someone")) },
				Config:    mediaProviderBearerConfig(s, "token-2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(mediaProviderAddr, plancheck.ResourceActionUpdate),
				}},
				Check: mpCheckSandboxProviders(s, bearer("token-2")),
			},
			{
				// Removed out of band: the plan creates it again.
				PreConfig: func() {
					if !s.RemoveMediaProvider("cdn") {
						t.Fatal("sandbox had no provider cdn to remove")
					}
				},
				Config: mediaProviderBearerConfig(s, "token-2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(mediaProviderAddr, plancheck.ResourceActionCreate),
				}},
				Check: mpCheckSandboxProviders(s, bearer("token-2")),
			},
			{
				// The API returns secrets in clear, so import recovers all of them.
				ResourceName:      mediaProviderAddr,
				ImportState:       true,
				ImportStateId:     "cdn",
				ImportStateVerify: true,
			},
			{
				// Switching to basic auth is an update in place too.
				Config: mediaProviderBasicConfig(s, "fetcher", "pa55"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(mediaProviderAddr, plancheck.ResourceActionUpdate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					mpExpectNull("bearer_token"),
					mpExpectString("basic_username", "fetcher"),
					mpExpectString("basic_password", "pa55"),
					statecheck.ExpectSensitiveValue(mediaProviderAddr, tfjsonpath.New("basic_password")),
				},
				Check: mpCheckSandboxProviders(s, sandbox.MediaProvider{
					Name: "cdn", Type: "www", BasicUsername: "fetcher", BasicPassword: "pa55",
				}),
			},
		},
	})
}

// TestAccMediaProvider_createRefusesExisting: an entry of the same name that
// Terraform did not create is not taken over. The API's POST would overwrite
// it, so Create fails on name, says to import it or pick another name, and
// writes nothing: the sandbox's entry keeps its credentials.
func TestAccMediaProvider_createRefusesExisting(t *testing.T) {
	s := startSandbox(t)
	theirs := sandbox.MediaProvider{Name: "cdn", Type: "www", Bearer: "someone-elses-token"}
	s.PutMediaProvider(theirs)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		// Nothing entered the state, so destroy deletes nothing either.
		CheckDestroy: func(st *terraform.State) error {
			if n := countRequests(s, "POST", `/media/providers$`); n != 0 {
				return fmt.Errorf("the sandbox saw %d media provider writes, want none", n)
			}
			return mpCheckSandboxProviders(s, theirs)(st)
		},
		Steps: []resource.TestStep{{
			Config: mediaProviderBearerConfig(s, "token-1"),
			ExpectError: regexp.MustCompile(`(?s)WhatsApp Media Provider Already Exists.*with whatsapp_media_provider\.cdn.*` +
				`name\s+=\s+"cdn".*named "cdn" already exists.*nothing was\s+written.*terraform import\s+whatsapp_media_provider\.<resource\s+name>\s+cdn.*choose\s+another\s+name`),
		}},
	})
}

// TestAccMediaProvider_basicAuth creates a basic-auth provider, detects a
// password changed out of band, and imports it.
func TestAccMediaProvider_basicAuth(t *testing.T) {
	s := startSandbox(t)
	basic := func(password string) sandbox.MediaProvider {
		return sandbox.MediaProvider{Name: "cdn", Type: "www", BasicUsername: "fetcher", BasicPassword: password}
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             mpCheckSandboxProviders(s),
		Steps: []resource.TestStep{
			{
				Config: mediaProviderBasicConfig(s, "fetcher", "pa55"),
				ConfigStateChecks: []statecheck.StateCheck{
					mpExpectString("id", "cdn"),
					mpExpectString("type", "www"),
					mpExpectNull("bearer_token"),
					mpExpectString("basic_username", "fetcher"),
					mpExpectString("basic_password", "pa55"),
				},
				Check: mpCheckSandboxProviders(s, basic("pa55")),
			},
			{
				// A refresh-only plan shows the drift without applying anything.
				PreConfig:          func() { s.PutMediaProvider(basic("changed")) },
				Config:             mediaProviderBasicConfig(s, "fetcher", "pa55"),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				Config: mediaProviderBasicConfig(s, "fetcher", "pa55"),
				Check:  mpCheckSandboxProviders(s, basic("pa55")),
			},
			{
				ResourceName:      mediaProviderAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
		},
	})
}

// TestAccMediaProvider_invalidConfig proves bad arguments fail at plan time
// and nothing reaches the API.
func TestAccMediaProvider_invalidConfig(t *testing.T) {
	s := startSandbox(t)
	cfg := func(body string) string {
		return onPremProviderConfig(s) + "\nresource \"whatsapp_media_provider\" \"cdn\" {\n" + body + "\n}\n"
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      cfg(`name = "my cdn"` + "\n" + `bearer_token = "t"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`only letters, digits`),
			},
			{
				Config:      cfg(fmt.Sprintf("name = %q\nbearer_token = \"t\"", strings.Repeat("a", 201))),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`length must be between 1 and 200`),
			},
			{
				Config:      cfg(`name = "cdn"` + "\n" + `bearer_token = "t"` + "\n" + `basic_username = "u"` + "\n" + `basic_password = "p"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Invalid Attribute Combination`),
			},
			{
				Config:      cfg(`name = "cdn"` + "\n" + `basic_username = "u"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)basic_password.*must be specified`),
			},
			{
				Config:      cfg(`name = "cdn"` + "\n" + `basic_password = "p"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)basic_username.*must be specified`),
			},
			{
				Config:      cfg(`name = "cdn"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)No attribute specified.*\[bearer_token,bearer_token_wo,basic_username\]`),
			},
			{
				// Import checks the ID with the same rule as the name.
				Config:        cfg(`name = "cdn"` + "\n" + `bearer_token = "t"`),
				ResourceName:  "whatsapp_media_provider.cdn",
				ImportState:   true,
				ImportStateId: "my cdn",
				ExpectError:   regexp.MustCompile(`(?s)not a media provider name: it must contain only letters, digits`),
			},
		},
	})
	if n := countRequests(s, "", `/media/providers`); n != 0 {
		t.Errorf("invalid configurations sent %d requests to the media providers endpoint, want 0", n)
	}
	mpCheckNoProviders(t, s)
}

// TestAccMediaProvider_cloud proves a Cloud-configured provider refuses the
// resource at plan time, before any request.
func TestAccMediaProvider_cloud(t *testing.T) {
	s := startSandbox(t)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cloudProviderConfig(s) + `
resource "whatsapp_media_provider" "cdn" {
  name         = "cdn"
  bearer_token = "t"
}
`,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`The Cloud API has no media\s+providers`),
			},
		},
	})
	if reqs := s.Requests(); len(reqs) != 0 {
		t.Errorf("the Cloud plan sent requests %+v, want none", reqs)
	}
	mpCheckNoProviders(t, s)
}

func mpCheckNoProviders(t *testing.T, s *sandbox.Server) {
	t.Helper()
	if got := s.MediaProviders(); len(got) != 0 {
		t.Errorf("sandbox media providers = %+v, want none", got)
	}
}

// TestAccMediaProvider_linkMessage sends a link message through the provider
// and shows the API refusing one that names a provider it does not know.
func TestAccMediaProvider_linkMessage(t *testing.T) {
	s := startSandbox(t)
	message := func(provider string) string {
		return fmt.Sprintf(`
resource "whatsapp_media_message" "brochure" {
  to            = "+15551234567"
  type          = "document"
  link          = "https://cdn.example.com/brochure.pdf"
  link_provider = %s
}
`, provider)
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             mpCheckSandboxProviders(s),
		Steps: []resource.TestStep{
			{
				Config: mediaProviderBearerConfig(s, "token-1") + message("whatsapp_media_provider.cdn.name"),
				Check: func(*terraform.State) error {
					msgs := s.Messages()
					if len(msgs) != 1 {
						return fmt.Errorf("sandbox received %d messages, want 1", len(msgs))
					}
					var body struct {
						Document struct {
							Link     string          `json:"link"`
							Provider json.RawMessage `json:"provider"`
						} `json:"document"`
					}
					if err := json.Unmarshal(msgs[0].Body, &body); err != nil {
						return fmt.Errorf("message body %s: %v", msgs[0].Body, err)
					}
					if string(body.Document.Provider) != `{"name":"cdn"}` || body.Document.Link != "https://cdn.example.com/brochure.pdf" {
						return fmt.Errorf("message body %s: want document.link and \"provider\":{\"name\":\"cdn\"}", msgs[0].Body)
					}
					return nil
				},
			},
			{
				// The message is replaced (sent again) naming a provider the API lacks.
				Config:      mediaProviderBearerConfig(s, "token-1") + message(`"unknown-cdn"`),
				ExpectError: regexp.MustCompile(`media provider "unknown-cdn" is\s+unknown`),
			},
		},
	})
}

// TestMediaProviderUnconfigured: without a configured client (the provider
// block failed), every call is an error, never a nil-pointer panic.
func TestMediaProviderUnconfigured(t *testing.T) {
	r := &mediaProviderResource{}
	ctx := context.Background()
	var diags []diag.Diagnostics
	create, read := fwresource.CreateResponse{}, fwresource.ReadResponse{}
	update, del := fwresource.UpdateResponse{}, fwresource.DeleteResponse{}
	r.Create(ctx, fwresource.CreateRequest{}, &create)
	r.Read(ctx, fwresource.ReadRequest{}, &read)
	r.Update(ctx, fwresource.UpdateRequest{}, &update)
	r.Delete(ctx, fwresource.DeleteRequest{}, &del)
	diags = append(diags, create.Diagnostics, read.Diagnostics, update.Diagnostics, del.Diagnostics)
	for i, d := range diags {
		if !d.HasError() || !strings.Contains(d.Errors()[0].Detail(), "was not configured") {
			t.Errorf("call %d: diagnostics %v, want a not-configured error", i, d)
		}
	}
}

// A provider removed outside Terraform leaves state with a warning a user sees
// (not only a log line), like gone media does.
func TestMediaProviderReadGoneWarnsAndRemoves(t *testing.T) {
	t.Parallel()
	s := startSandbox(t)
	r := &mediaProviderResource{resourceClient{client: newTestClient(t, apiOnPremises, s)}}
	var sch fwresource.SchemaResponse
	r.Schema(context.Background(), fwresource.SchemaRequest{}, &sch)
	ctx := context.Background()
	st := tfsdk.State{Schema: sch.Schema}
	if d := st.Set(ctx, &mediaProviderModel{
		ID: types.StringValue("cdn"), Name: types.StringValue("cdn"), Type: types.StringValue("www"),
		BearerToken: types.StringValue("t"), BasicUsername: types.StringNull(), BasicPassword: types.StringNull(),
	}); d.HasError() {
		t.Fatal(d)
	}
	resp := fwresource.ReadResponse{State: st}
	r.Read(ctx, fwresource.ReadRequest{State: st}, &resp)

	if resp.Diagnostics.HasError() {
		t.Fatalf("Read failed: %v", resp.Diagnostics)
	}
	w := findDiag(resp.Diagnostics, "WhatsApp Media Provider Not Found")
	if w == nil || w.Severity() != diag.SeverityWarning || !strings.Contains(w.Detail(), `"cdn"`) {
		t.Fatalf("diagnostics %v; want a warning naming the provider", resp.Diagnostics)
	}
	if !resp.State.Raw.IsNull() {
		t.Fatal("the provider is still in state after Read found it gone")
	}
}
