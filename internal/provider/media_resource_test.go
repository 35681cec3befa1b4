package provider

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"path/filepath"
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
