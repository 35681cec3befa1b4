package provider

import (
	"context"
	"fmt"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// The whatsapp_media_provider list resource lets `terraform query` (Terraform
// 1.14+) find every media provider of an On-Premises API and generate import
// blocks for them. It is thin: one list call, each entry turned into the
// resource's identity and state by the resource's own mapping.
var (
	_ list.ListResource              = (*mediaProviderListResource)(nil)
	_ list.ListResourceWithConfigure = (*mediaProviderListResource)(nil)
)

// NewMediaProviderListResource lists On-Premises media providers.
func NewMediaProviderListResource() list.ListResource { return &mediaProviderListResource{} }

type mediaProviderListResource struct {
	resourceClient
}

func (l *mediaProviderListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_media_provider"
}

func (l *mediaProviderListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every media provider of the WhatsApp **On-Premises** API " +
			"(`GET /v1/settings/application/media/providers`), so that `terraform query` can find them and " +
			"generate `import` blocks (by `identity = { name = ... }`) and `whatsapp_media_provider` configuration. " +
			"It takes no arguments: the API has no filter. Secrets are never listed: the generated configuration " +
			"says `null # sensitive` where a token or password goes, to be filled in (for example from a variable) " +
			"before applying. The Cloud API has no media providers.",
	}
}

func (l *mediaProviderListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	const summary = "Unable to List WhatsApp Media Providers"
	if l.client == nil {
		stream.Results = listError(diag.NewErrorDiagnostic(summary, notConfiguredDetail("list the media providers")))
		return
	}
	if l.client.Flavor() == whatsapp.Cloud {
		stream.Results = listError(diag.NewErrorDiagnostic(summaryMediaProvidersNeedOnPremises, cloudHasNoMediaProviders))
		return
	}
	tflog.Debug(ctx, "listing WhatsApp media providers")
	providers, err := l.client.ListMediaProviders(ctx)
	if err != nil {
		stream.Results = listError(apiErrorDiagnostic(summary,
			"Listing the media providers of the On-Premises API failed. Check that the API is reachable, then query again.", err))
		return
	}
	stream.Results = func(push func(list.ListResult) bool) {
		for i, p := range providers {
			if req.Limit > 0 && int64(i) >= req.Limit {
				return
			}
			result := req.NewListResult(ctx)
			result.DisplayName = fmt.Sprintf("%s (%s)", p.Name, mediaProviderAuth(p))
			result.Diagnostics.Append(mediaProviderIdentity.set(ctx, result.Identity, p.Name)...)
			if req.IncludeResource {
				result.Diagnostics.Append(result.Resource.Set(ctx, listedMediaProvider(p))...)
			}
			if !push(result) {
				return
			}
		}
	}
}

// listError is a stream of one result: the error d.
func listError(d diag.Diagnostic) iter.Seq[list.ListResult] {
	return list.ListResultsStreamDiagnostics(diag.Diagnostics{d})
}

// listedMediaProvider is the state a listed provider would have, without its
// secrets: `terraform query` shows and generates configuration from it, and a
// token or password has no place in either.
func listedMediaProvider(p whatsapp.MediaProvider) mediaProviderModel {
	m := mediaProviderToModel(&p)
	m.BearerToken, m.BasicPassword = types.StringNull(), types.StringNull()
	return m
}

// mediaProviderAuth names how a provider authenticates, for its display name.
func mediaProviderAuth(p whatsapp.MediaProvider) string {
	switch {
	case p.Bearer != "":
		return "bearer token"
	case p.BasicUsername != "":
		return fmt.Sprintf("basic auth as %s", p.BasicUsername)
	default:
		return "no credentials"
	}
}
