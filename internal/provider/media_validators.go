package provider

import (
	"context"
	"fmt"
	"mime"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// mediaContentTypeValidator accepts a MIME type such as "application/pdf"
// (parameters allowed). Whether the chosen API accepts the type is a separate,
// flavor-dependent check made in ModifyPlan.
type mediaContentTypeValidator struct{}

func (mediaContentTypeValidator) Description(context.Context) string {
	return `must be a MIME type such as "application/pdf"`
}

func (v mediaContentTypeValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (mediaContentTypeValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	raw := req.ConfigValue.ValueString()
	mt, _, err := mime.ParseMediaType(raw)
	if err != nil || strings.Count(mt, "/") != 1 || strings.HasPrefix(mt, "/") || strings.HasSuffix(mt, "/") {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Content Type",
			fmt.Sprintf("%q is not a MIME type: write it as type/subtype, e.g. \"application/pdf\" or \"image/png\", "+
				"or leave content_type out to have it detected from the file.", raw))
	}
}
