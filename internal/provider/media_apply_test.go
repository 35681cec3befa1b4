package provider

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile/mediafiletest"
)

// These tests call the resource directly, for what the Terraform CLI cannot
// show a test: the warning text on refresh, and a file that changes between
// plan and apply.

func mediaSchemaFor(t *testing.T, r *mediaResource) resource.SchemaResponse {
	t.Helper()
	var sch resource.SchemaResponse
	r.Schema(context.Background(), resource.SchemaRequest{}, &sch)
	if sch.Diagnostics.HasError() {
		t.Fatal(sch.Diagnostics)
	}
	return sch
}

func findDiag(diags diag.Diagnostics, summary string) diag.Diagnostic {
	for _, d := range diags {
		if d.Summary() == summary {
			return d
		}
	}
	return nil
}

func TestMediaReadGoneWarnsAndRemoves(t *testing.T) {
	t.Parallel()
	for _, flavor := range flavors {
		s := startSandbox(t)
		r := &mediaResource{client: newTestClient(t, flavor, s)}
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
		resp := resource.ReadResponse{State: st}
		r.Read(ctx, resource.ReadRequest{State: st}, &resp)

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
	r := &mediaResource{client: newTestClient(t, apiCloud, s)}
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
	resp := resource.CreateResponse{State: tfsdk.State{Schema: sch.Schema, Raw: tftypes.NewValue(sch.Schema.Type().TerraformType(ctx), nil)}}
	r.Create(ctx, resource.CreateRequest{Plan: plan}, &resp)

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
