package provider

import (
	"context"
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
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile/mediafiletest"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// Edge cases of whatsapp_media: bad input at plan time, media gone or files
// changed between plan and apply, the On-Premises document fallback, base64.

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

// TestMediaFactsWorded: mediafile returns facts (a fallback, a file problem)
// and the provider words them with the advice a Terraform user needs.
func TestMediaFactsWorded(t *testing.T) {
	for _, tc := range []struct {
		flavor   whatsapp.Flavor
		ct       string
		size     int64
		animated bool
		want     []string // nil: no warning
	}{
		{whatsapp.OnPremises, "image/png", 20 * whatsapp.MB, false, []string{"f.bin", "20 MB", "5 MB", "images", `"document"`}},
		{whatsapp.OnPremises, "video/mp4", 17 * whatsapp.MB, false, []string{"16 MB", "videos"}},
		{whatsapp.OnPremises, "image/webp", 200 * whatsapp.KB, true, []string{"animated", `"document"`}},
		{whatsapp.OnPremises, "image/png", 1 * whatsapp.MB, false, nil},
		{whatsapp.Cloud, "image/png", 20 * whatsapp.MB, false, nil},
	} {
		c, _ := mediafile.Classify(tc.flavor, "f.bin", tc.ct, tc.size, tc.animated)
		got := documentFallbackWarning("f.bin", c.Fallback)
		if (tc.want == nil) != (got == "") {
			t.Errorf("%s %s %d: warning %q", tc.flavor, tc.ct, tc.size, got)
		}
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s %s %d: warning %q lacks %q", tc.flavor, tc.ct, tc.size, got, w)
			}
		}
	}

	dir := t.TempDir()
	_, missing := mediafile.InspectFile(filepath.Join(dir, "nope.png"))
	_, notFile := mediafile.InspectFile(dir)
	_, notBase64 := mediafile.InspectBase64("not base64!!", "")
	for err, want := range map[error]string{
		missing:   "nope.png does not exist: check the path (relative paths start at the directory Terraform runs in; use path.module)",
		notFile:   "is not a regular file (mode d",
		notBase64: "content_base64 is not valid base64 (",
	} {
		if got := mediaReadAdvice(err); !strings.Contains(got, want) {
			t.Errorf("mediaReadAdvice(%v) = %q, want it to contain %q", err, got, want)
		}
	}
	if got := mediaReadAdvice(notFile); !strings.HasSuffix(got, ": source must name a file") {
		t.Errorf("mediaReadAdvice(directory) = %q, want the advice to name source", got)
	}
}
