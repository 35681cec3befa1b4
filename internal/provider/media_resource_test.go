package provider

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
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

// mediaFixture is one whatsapp_media resource of a test config and the file
// behind it.
type mediaFixture struct {
	name        string // resource name
	file        string // base name in the test's directory; "" for content_base64
	data        []byte
	contentType string
	mediaType   string
}

func (f mediaFixture) addr() string { return "whatsapp_media." + f.name }

func (f mediaFixture) hcl(dir string) string {
	if f.file == "" {
		return fmt.Sprintf("resource \"whatsapp_media\" %q {\n  content_base64 = %q\n}\n", f.name, base64.StdEncoding.EncodeToString(f.data))
	}
	return fmt.Sprintf("resource \"whatsapp_media\" %q {\n  source = %q\n}\n", f.name, filepath.Join(dir, f.file))
}

func (f mediaFixture) sha() string {
	sum := sha256.Sum256(f.data)
	return hex.EncodeToString(sum[:])
}

// mediaKindFixtures is one file of each media kind, plus one given
// as content_base64.
func mediaKindFixtures() []mediaFixture {
	return []mediaFixture{
		{"png", "logo.png", mediafiletest.PNG(24, 24, 1), "image/png", "image"},
		{"jpeg", "photo.jpg", mediafiletest.JPEG(24, 24, 1), "image/jpeg", "image"},
		{"sticker", "sticker.webp", mediafiletest.WebP(300, 1), "image/webp", "sticker"},
		{"mp3", "jingle.mp3", mediafiletest.MP3(3, 1), "audio/mpeg", "audio"},
		{"mp4", "intro.mp4", mediafiletest.MP4(500, 1), "video/mp4", "video"},
		{"pdf", "brochure.pdf", mediafiletest.PDF(1), "application/pdf", "document"},
		{"inline", "", mediafiletest.PNG(8, 8, 9), "image/png", "image"},
	}
}

func writeMediaFixtures(t *testing.T, dir string, fx []mediaFixture) {
	t.Helper()
	for _, f := range fx {
		if f.file != "" {
			writeFile(t, filepath.Join(dir, f.file), f.data)
		}
	}
}

func mediaConfig(provider, dir string, fx []mediaFixture, extra string) string {
	var b strings.Builder
	b.WriteString(provider)
	for _, f := range fx {
		b.WriteString(f.hcl(dir))
	}
	b.WriteString(extra)
	return b.String()
}

// checkMediaOnSandbox proves the sandbox holds exactly the fixture's bytes,
// with its content type, under the ID in state; and it records the ID.
func checkMediaOnSandbox(s *sandbox.Server, flavor string, f mediaFixture, ids map[string]string) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		id, err := stateID(st, f.addr())
		if err != nil {
			return err
		}
		m, ok := s.MediaByID(id)
		if !ok || m.Deleted {
			return fmt.Errorf("%s: media %s is not on the sandbox (found=%v deleted=%v)", f.addr(), id, ok, m.Deleted)
		}
		if !bytes.Equal(m.Data, f.data) {
			return fmt.Errorf("%s: sandbox holds %d bytes (sha256 %s), want the %d bytes of the file (sha256 %s)",
				f.addr(), len(m.Data), m.SHA256, len(f.data), f.sha())
		}
		if m.ContentType != f.contentType || m.Flavor != flavor {
			return fmt.Errorf("%s: sandbox has content type %q flavor %q, want %q %q", f.addr(), m.ContentType, m.Flavor, f.contentType, flavor)
		}
		if flavor == apiCloud && f.file != "" && m.Filename != f.file {
			return fmt.Errorf("%s: Cloud upload filename %q, want %q", f.addr(), m.Filename, f.file)
		}
		ids[f.name] = id
		return nil
	}
}

func mediaStateChecks(f mediaFixture) []statecheck.StateCheck {
	var filename knownvalue.Check = knownvalue.Null()
	if f.file != "" {
		filename = knownvalue.StringExact(f.file)
	}
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(f.addr(), tfjsonpath.New("id"), knownvalue.NotNull()),
		statecheck.ExpectKnownValue(f.addr(), tfjsonpath.New("sha256"), knownvalue.StringExact(f.sha())),
		statecheck.ExpectKnownValue(f.addr(), tfjsonpath.New("size"), knownvalue.Int64Exact(int64(len(f.data)))),
		statecheck.ExpectKnownValue(f.addr(), tfjsonpath.New("content_type"), knownvalue.StringExact(f.contentType)),
		statecheck.ExpectKnownValue(f.addr(), tfjsonpath.New("media_type"), knownvalue.StringExact(f.mediaType)),
		statecheck.ExpectKnownValue(f.addr(), tfjsonpath.New("filename"), filename),
	}
}

// mediaLifecycle is where every lifecycle scenario starts: a sandbox, one
// whatsapp_media per media kind, and "late", whose path comes from a resource
// applied in the same run, so its hash and media_type are unknown until apply.
type mediaLifecycle struct {
	s        *sandbox.Server
	flavor   string
	dir      string
	provider string
	fx       []mediaFixture
	late     mediaFixture
	ids      map[string]string // media IDs by fixture name, as checkMediaOnSandbox last saw them
}

func newMediaLifecycle(t *testing.T, flavor string) *mediaLifecycle {
	l := &mediaLifecycle{
		s:      startSandbox(t),
		flavor: flavor,
		dir:    t.TempDir(),
		fx:     mediaKindFixtures(),
		late:   mediaFixture{"late", "late.pdf", mediafiletest.PDF(7), "application/pdf", "document"},
		ids:    map[string]string{},
	}
	l.provider = providerConfigFor(flavor, l.s)
	writeMediaFixtures(t, l.dir, l.fx)
	writeFile(t, filepath.Join(l.dir, l.late.file), l.late.data)
	return l
}

// config is the configuration of fx plus "late" reading its path from late.file.
func (l *mediaLifecycle) config(fx []mediaFixture, late mediaFixture) string {
	return mediaConfig(l.provider, l.dir, fx, fmt.Sprintf(`
resource "terraform_data" "late_path" {
  input = %q
}

resource "whatsapp_media" "late" {
  source = terraform_data.late_path.output
}
`, filepath.Join(l.dir, late.file)))
}

// createStep uploads every fixture: media_type and sha256 are known at plan
// time except for "late", each file is on the sandbox as planned, and the
// next plan is empty.
func (l *mediaLifecycle) createStep() resource.TestStep {
	var checks []resource.TestCheckFunc
	var states []statecheck.StateCheck
	var knownAtPlan []plancheck.PlanCheck
	for _, f := range append(l.fx, l.late) {
		checks = append(checks, checkMediaOnSandbox(l.s, l.flavor, f, l.ids))
		states = append(states, mediaStateChecks(f)...)
		if f.name != l.late.name {
			knownAtPlan = append(knownAtPlan,
				plancheck.ExpectKnownValue(f.addr(), tfjsonpath.New("media_type"), knownvalue.StringExact(f.mediaType)),
				plancheck.ExpectKnownValue(f.addr(), tfjsonpath.New("sha256"), knownvalue.StringExact(f.sha())))
		}
	}
	knownAtPlan = append(knownAtPlan, plancheck.ExpectUnknownValue(l.late.addr(), tfjsonpath.New("media_type")))
	return resource.TestStep{
		Config:            l.config(l.fx, l.late),
		ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: knownAtPlan, PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		ConfigStateChecks: states,
		Check: resource.ComposeAggregateTestCheckFunc(append(checks, func(*terraform.State) error {
			if n := countRequests(l.s, "POST", `/media$`); n != len(l.fx)+1 {
				return fmt.Errorf("sandbox got %d uploads, want %d", n, len(l.fx)+1)
			}
			return nil
		})...),
	}
}

// run applies createStep, then steps, then destroys, and checks that destroy
// deleted every media object.
func (l *mediaLifecycle) run(t *testing.T, steps ...resource.TestStep) {
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps:                    append([]resource.TestStep{l.createStep()}, steps...),
	})
	if live := l.s.Media(); len(live) != 0 {
		t.Errorf("after destroy the sandbox still holds %d media objects", len(live))
	}
}

func TestAccMedia_createKnowsTypeAtPlanTime(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			newMediaLifecycle(t, flavor).run(t)
		})
	}
}

// Import fills sha256, size, content_type and media_type from the API
// (On-Premises: by streaming the bytes once).
func TestAccMedia_importFillsState(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			l := newMediaLifecycle(t, flavor)
			l.run(t, resource.TestStep{
				ResourceName:            l.fx[0].addr(),
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"source", "filename"},
			})
		})
	}
}

// New bytes at the same path replace the media (new ID, old one deleted);
// so does "late" pointing at another file, a path unknown at plan time.
func TestAccMedia_changedBytesReplace(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			l := newMediaLifecycle(t, flavor)
			newPNG := l.fx[0]
			newPNG.data = mediafiletest.PNG(24, 24, 2)
			late2 := mediaFixture{"late", "late2.pdf", mediafiletest.PDF(8), "application/pdf", "document"}
			writeFile(t, filepath.Join(l.dir, late2.file), late2.data)
			l.run(t, resource.TestStep{
				PreConfig: func() { writeFile(t, filepath.Join(l.dir, newPNG.file), newPNG.data) },
				Config:    l.config(l.fx, late2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(newPNG.addr(), plancheck.ResourceActionReplace),
					plancheck.ExpectKnownValue(newPNG.addr(), tfjsonpath.New("sha256"), knownvalue.StringExact(newPNG.sha())),
					plancheck.ExpectResourceAction(l.fx[1].addr(), plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction(late2.addr(), plancheck.ResourceActionReplace),
				}},
				ConfigStateChecks: append(mediaStateChecks(newPNG), mediaStateChecks(late2)...),
				Check: func(st *terraform.State) error {
					if err := checkMediaOnSandbox(l.s, flavor, late2, l.ids)(st); err != nil {
						return err
					}
					old := l.ids[newPNG.name]
					if err := checkMediaOnSandbox(l.s, flavor, newPNG, l.ids)(st); err != nil {
						return err
					}
					if l.ids[newPNG.name] == old {
						return fmt.Errorf("media ID %s did not change on replacement", old)
					}
					if m, ok := l.s.MediaByID(old); ok && !m.Deleted {
						return fmt.Errorf("old media %s is still on the sandbox", old)
					}
					return nil
				},
			})
		})
	}
}

// Someone deletes the PDF on the server: refresh drops it (with a warning)
// and the next apply uploads it again, under a new ID.
func TestAccMedia_goneIsUploadedAgain(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			l := newMediaLifecycle(t, flavor)
			l.run(t, resource.TestStep{
				PreConfig: func() {
					if !l.s.DeleteMedia(l.ids["pdf"]) {
						t.Errorf("sandbox could not delete media %s", l.ids["pdf"])
					}
				},
				Config: l.config(l.fx, l.late),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(l.fx[5].addr(), plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(l.fx[4].addr(), plancheck.ResourceActionNoop),
				}},
				Check: func(st *terraform.State) error {
					old := l.ids["pdf"]
					if err := checkMediaOnSandbox(l.s, flavor, l.fx[5], l.ids)(st); err != nil {
						return err
					}
					if l.ids["pdf"] == old {
						return fmt.Errorf("re-uploaded PDF kept the deleted ID %s", old)
					}
					return nil
				},
			})
		})
	}
}

// The same bytes under another path are an in-place update of state: no
// upload, the same media ID.
func TestAccMedia_renamedFileOnlyUpdatesState(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			l := newMediaLifecycle(t, flavor)
			renamed := append([]mediaFixture(nil), l.fx...)
			renamed[1].file = "renamed.jpg"
			var uploadsBefore int
			l.run(t, resource.TestStep{
				PreConfig: func() {
					uploadsBefore = countRequests(l.s, "POST", `/media$`)
					writeFile(t, filepath.Join(l.dir, renamed[1].file), renamed[1].data)
				},
				Config: l.config(renamed, l.late),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(renamed[1].addr(), plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: mediaStateChecks(renamed[1]),
				Check: func(st *terraform.State) error {
					id, err := stateID(st, renamed[1].addr())
					if err != nil {
						return err
					}
					if id != l.ids["jpeg"] {
						return fmt.Errorf("rename changed the media ID from %s to %s", l.ids["jpeg"], id)
					}
					if n := countRequests(l.s, "POST", `/media$`); n != uploadsBefore {
						return fmt.Errorf("rename uploaded again: %d uploads, want %d", n, uploadsBefore)
					}
					return nil
				},
			})
		})
	}
}

// TestAccMedia_importAdopts imports media uploaded outside Terraform; a config
// whose source has the same bytes then plans an update of state only, never a
// replacement (Cloud: the API tells the hash; On-Premises: the provider hashes
// the bytes once while importing).
func TestAccMedia_importAdopts(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			s := startSandbox(t)
			dir := t.TempDir()
			f := mediaFixture{"adopted", "manual.pdf", mediafiletest.PDF(42), "application/pdf", "document"}
			writeFile(t, filepath.Join(dir, f.file), f.data)
			id, err := newTestClient(t, flavor, s).UploadMedia(context.Background(), whatsapp.Upload{
				Body: bytes.NewReader(f.data), Size: int64(len(f.data)), ContentType: f.contentType, Filename: f.file,
			})
			if err != nil {
				t.Fatalf("upload outside Terraform: %v", err)
			}
			config := mediaConfig(providerConfigFor(flavor, s), dir, []mediaFixture{f}, "")

			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config:             config,
						ResourceName:       f.addr(),
						ImportState:        true,
						ImportStateId:      id,
						ImportStatePersist: true,
						ImportStateCheck: func(states []*terraform.InstanceState) error {
							if len(states) != 1 {
								return fmt.Errorf("imported %d instances, want 1", len(states))
							}
							want := map[string]string{
								"id": id, "sha256": f.sha(), "size": fmt.Sprint(len(f.data)),
								"content_type": f.contentType, "media_type": f.mediaType,
							}
							for k, v := range want {
								if got := states[0].Attributes[k]; got != v {
									return fmt.Errorf("imported %s = %q, want %q", k, got, v)
								}
							}
							return nil
						},
					},
					{
						Config: config,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{
								plancheck.ExpectResourceAction(f.addr(), plancheck.ResourceActionUpdate),
								plancheck.ExpectKnownValue(f.addr(), tfjsonpath.New("id"), knownvalue.StringExact(id)),
							},
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
						ConfigStateChecks: append(mediaStateChecks(f),
							statecheck.ExpectKnownValue(f.addr(), tfjsonpath.New("id"), knownvalue.StringExact(id))),
						Check: func(*terraform.State) error {
							if n := countRequests(s, "POST", `/media$`); n != 1 {
								return fmt.Errorf("sandbox got %d uploads, want only the one made outside Terraform", n)
							}
							return nil
						},
					},
					{
						// Same bytes, another content type: a replacement, because
						// the type is part of the media on the server.
						Config: strings.Replace(config, "  source =", "  content_type = \"text/plain\"\n  source =", 1),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(f.addr(), plancheck.ResourceActionReplace),
						}},
						Check: func(st *terraform.State) error {
							newID, err := stateID(st, f.addr())
							if err != nil {
								return err
							}
							m, ok := s.MediaByID(newID)
							if newID == id || !ok || m.ContentType != "text/plain" || !bytes.Equal(m.Data, f.data) {
								return fmt.Errorf("after a content_type change, media %s (was %s) on the sandbox: found=%v type=%q", newID, id, ok, m.ContentType)
							}
							return nil
						},
					},
				},
			})
		})
	}
}

// TestAccMedia_invalid: every bad input fails at plan time with an error that
// names the file, the limit and the size, and nothing reaches the API.
func TestAccMedia_invalid(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			s := startSandbox(t)
			dir := t.TempDir()
			provider := providerConfigFor(flavor, s)
			pdf := filepath.Join(dir, "brochure.pdf")
			writeFile(t, pdf, mediafiletest.PDF(1))
			huge := filepath.Join(dir, "huge.mp4")
			writeFile(t, huge, mediafiletest.MP4(16, 1))
			// Sparse: costs no disk, and the provider refuses it from its size.
			if err := os.Truncate(huge, whatsapp.MaxUploadSize+1); err != nil {
				t.Fatal(err)
			}
			bigPNG := filepath.Join(dir, "poster.png")
			writeFile(t, bigPNG, mediafiletest.PNG(8, 8, 1))
			if err := os.Truncate(bigPNG, 8*whatsapp.MB); err != nil {
				t.Fatal(err)
			}
			zip := filepath.Join(dir, "notes.zip")
			writeFile(t, zip, mediafiletest.ZIP(1))

			one := func(body string) string {
				return provider + "resource \"whatsapp_media\" \"x\" {\n" + body + "\n}\n"
			}
			step := func(body, pattern string) resource.TestStep {
				// Terraform wraps long messages: any space may become a line break.
				pattern = strings.ReplaceAll(pattern, " ", `\s+`)
				return resource.TestStep{Config: one(body), PlanOnly: true, ExpectError: regexp.MustCompile(pattern)}
			}
			steps := []resource.TestStep{
				step(fmt.Sprintf("source = %q\ncontent_base64 = %q", pdf, "JVBERi0="), `Exactly one of these attributes must be configured`),
				step(`filename = "x.pdf"`, `Exactly one of these attributes must be configured`),
				step(fmt.Sprintf("source = %q", filepath.Join(dir, "missing.png")), `missing\.png does not exist`),
				step(fmt.Sprintf("source = %q", huge), `huge\.mp4 is 100\.0 MB \(104857601 bytes\), over the 100 MB \(104857600 bytes\) limit`),
				step(`content_base64 = "not base64!"`, `content_base64 is not valid base64`),
				step(fmt.Sprintf("source = %q\ncontent_type = \"pdf\"", pdf), `"pdf" is not a MIME type`),
			}
			if flavor == apiCloud {
				steps = append(steps,
					step(fmt.Sprintf("source = %q", zip), `(?s)notes\.zip has content type "application/zip", which the Cloud API does not accept.*application/pdf`),
					step(fmt.Sprintf("source = %q", bigPNG), `(?s)poster\.png \(image/png\) is 8 MB \(8388608 bytes\), but the Cloud API accepts images only up to 5 MB \(5242880 bytes\)`),
					step(fmt.Sprintf("source = %q\ncontent_type = \"application/x-tar\"", pdf), `(?s)Unsupported Media Type.*content_type.*application/x-tar`),
				)
			} else {
				// On-Premises takes what Cloud refuses, as a document.
				for _, p := range []string{zip, bigPNG} {
					steps = append(steps, resource.TestStep{
						Config:             one(fmt.Sprintf("source = %q", p)),
						PlanOnly:           true,
						ExpectNonEmptyPlan: true,
						ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPreRefresh: []plancheck.PlanCheck{
							plancheck.ExpectKnownValue("whatsapp_media.x", tfjsonpath.New("media_type"), knownvalue.StringExact("document")),
						}},
					})
				}
			}
			resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: steps})
			if n := countRequests(s, "POST", `/media$`); n != 0 || len(s.Media()) != 0 {
				t.Errorf("bad input reached the API: %d uploads, %d media stored", n, len(s.Media()))
			}
		})
	}
}

// These tests call the resource directly, for what the Terraform CLI cannot
// show a test: the warning text on refresh, and a file that changes between
// plan and apply.

func mediaSchemaFor(t *testing.T, r *mediaResource) fwresource.SchemaResponse {
	t.Helper()
	var sch fwresource.SchemaResponse
	r.Schema(context.Background(), fwresource.SchemaRequest{}, &sch)
	if sch.Diagnostics.HasError() {
		t.Fatal(sch.Diagnostics)
	}
	return sch
}

func TestMediaReadGoneWarnsAndRemoves(t *testing.T) {
	t.Parallel()
	for _, flavor := range flavors {
		s := startSandbox(t)
		r := &mediaResource{resourceClient{client: newTestClient(t, flavor, s)}}
		sch := mediaSchemaFor(t, r)
		ctx := context.Background()
		id := "1234567890"
		if flavor == apiOnPremises {
			id = "7c2a9f4e-0000-4000-8000-000000000000"
		}
		st := tfsdk.State{Schema: sch.Schema}
		if d := st.Set(ctx, &mediaModel{
			ID: types.StringValue(id), Source: types.StringValue("x.pdf"), ContentBase64: types.StringNull(),
			ContentType: types.StringValue("application/pdf"), Filename: types.StringValue("x.pdf"),
			SHA256: types.StringValue("ab"), Size: types.Int64Value(2), MediaType: types.StringValue("document"),
		}); d.HasError() {
			t.Fatal(d)
		}
		resp := fwresource.ReadResponse{State: st}
		r.Read(ctx, fwresource.ReadRequest{State: st}, &resp)

		if resp.Diagnostics.HasError() {
			t.Fatalf("%s: Read failed: %v", flavor, resp.Diagnostics)
		}
		w := findDiag(resp.Diagnostics, "WhatsApp Media Not Found")
		if w == nil || w.Severity() != diag.SeverityWarning ||
			!strings.Contains(w.Detail(), id) || !strings.Contains(w.Detail(), "the next apply uploads it again") {
			t.Fatalf("%s: diagnostics %v; want a warning naming %s that says the next apply uploads it again", flavor, resp.Diagnostics, id)
		}
		if !resp.State.Raw.IsNull() {
			t.Fatalf("%s: media still in state after Read found it gone", flavor)
		}
	}
}

// A file that changes between plan and apply: the media ID still reaches
// state (no orphan, no duplicate on the next apply), with the hash of what
// was really uploaded, and the apply fails telling the user to run again.
func TestMediaCreateFileChangedSincePlan(t *testing.T) {
	t.Parallel()
	s := startSandbox(t)
	r := &mediaResource{resourceClient{client: newTestClient(t, apiCloud, s)}}
	sch := mediaSchemaFor(t, r)
	ctx := context.Background()

	planned := mediaFixture{"x", "brochure.pdf", mediafiletest.PDF(1), "application/pdf", "document"}
	now := mediafiletest.PDF(2)
	nowFx := planned
	nowFx.data = now
	src := filepath.Join(t.TempDir(), planned.file)
	writeFile(t, src, now)

	plan := tfsdk.Plan{Schema: sch.Schema}
	if d := plan.Set(ctx, &mediaModel{
		ID: types.StringUnknown(), Source: types.StringValue(src), ContentBase64: types.StringNull(),
		ContentType: types.StringValue(planned.contentType), Filename: types.StringValue(planned.file),
		SHA256: types.StringValue(planned.sha()), Size: types.Int64Value(int64(len(planned.data))),
		MediaType: types.StringValue(planned.mediaType),
	}); d.HasError() {
		t.Fatal(d)
	}
	resp := fwresource.CreateResponse{State: tfsdk.State{Schema: sch.Schema, Raw: tftypes.NewValue(sch.Schema.Type().TerraformType(ctx), nil)}}
	r.Create(ctx, fwresource.CreateRequest{Plan: plan}, &resp)

	e := findDiag(resp.Diagnostics, "Media File Changed During Apply")
	if e == nil || e.Severity() != diag.SeverityError || !strings.Contains(e.Detail(), "Run terraform apply again") {
		t.Fatalf("diagnostics %v; want an error telling to apply again", resp.Diagnostics)
	}
	var got mediaModel
	if d := resp.State.Get(ctx, &got); d.HasError() {
		t.Fatal(d)
	}
	m, ok := s.MediaByID(got.ID.ValueString())
	if !ok || string(m.Data) != string(now) {
		t.Fatalf("state id %q does not name the uploaded bytes on the sandbox (found=%v)", got.ID.ValueString(), ok)
	}
	if got.SHA256.ValueString() != nowFx.sha() || got.Size.ValueInt64() != int64(len(now)) {
		t.Fatalf("state sha256/size = %s/%d, want the uploaded %s/%d", got.SHA256.ValueString(), got.Size.ValueInt64(), nowFx.sha(), len(now))
	}
}

// TestAccMedia_onPremisesDocumentFallbackWarns: On-Premises takes a PNG over
// the 5 MB image limit only as a document; the plan that uploads it says so,
// naming the limit, and media_type is "document" before anything is sent.
func TestAccMedia_onPremisesDocumentFallbackWarns(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	s := startSandbox(t)
	dir := t.TempDir()
	poster := filepath.Join(dir, "poster.png")
	writeFile(t, poster, mediafiletest.PNG(8, 8, 1))
	if err := os.Truncate(poster, 20*whatsapp.MB); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "main.tf"), []byte(cliProviderBlock()+onPremProviderConfig(s)+fmt.Sprintf(`
resource "whatsapp_media" "poster" {
  source = %q
}
output "media_type" {
  value = whatsapp_media.poster.media_type
}
`, filepath.ToSlash(poster))))
	tf := newTerraformCLI(t, dir)
	tf.run("init", "-input=false")
	plan, _ := tf.run("plan", "-input=false")
	for _, want := range []string{"WhatsApp Media Will Be Sent as a Document", "poster.png (image/png) is 20 MB",
		"over the 5 MB", `media_type = "document"`} {
		if !strings.Contains(oneLine(plan), want) {
			t.Errorf("the plan lacks %q:\n%s", want, plan)
		}
	}
	if n := len(s.Requests()); n != 0 {
		t.Errorf("planning sent %d requests, want none", n)
	}
}

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
