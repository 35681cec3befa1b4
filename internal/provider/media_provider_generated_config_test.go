package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// TestGeneratedMediaProviderConfigSaysOnePasswordIsMissing: the configuration
// `terraform query -generate-config-out` writes for a basic-auth media
// provider has basic_username and neither password (a secret is never read
// back). basic_username's validators must say that one of the two passwords
// is missing, in one error, and not that each of them must be specified,
// which reads as if both were needed. With either password set, nothing is said.
func TestGeneratedMediaProviderConfigSaysOnePasswordIsMissing(t *testing.T) {
	ctx := context.Background()
	var sr resource.SchemaResponse
	NewMediaProviderResource().Schema(ctx, resource.SchemaRequest{}, &sr)
	objType := sr.Schema.Type().TerraformType(ctx).(tftypes.Object)
	validate := func(password string) []string {
		values := map[string]tftypes.Value{}
		for name, typ := range objType.AttributeTypes {
			values[name] = tftypes.NewValue(typ, nil)
		}
		values["name"] = tftypes.NewValue(tftypes.String, "intranet")
		values["basic_username"] = tftypes.NewValue(tftypes.String, "fetcher")
		if password != "" {
			values[password] = tftypes.NewValue(tftypes.String, "pa55")
		}
		req := validator.StringRequest{Path: path.Root("basic_username"), ConfigValue: types.StringValue("fetcher"),
			Config: tfsdk.Config{Schema: sr.Schema, Raw: tftypes.NewValue(objType, values)}}
		var said []string
		for _, v := range sr.Schema.Attributes["basic_username"].(schema.StringAttribute).StringValidators() {
			resp := &validator.StringResponse{}
			v.ValidateString(ctx, req, resp)
			for _, d := range resp.Diagnostics {
				said = append(said, d.Detail())
			}
		}
		return said
	}
	said := validate("")
	if len(said) != 1 || !strings.Contains(said[0], `Attribute "basic_password" or "basic_password_wo" must be specified`) {
		t.Errorf("the generated configuration is told %q; want one error saying basic_password or basic_password_wo is missing", said)
	}
	for _, password := range []string{"basic_password", "basic_password_wo"} {
		if said := validate(password); len(said) != 0 {
			t.Errorf("with %s set, basic_username is told %q; want nothing", password, said)
		}
	}
}
