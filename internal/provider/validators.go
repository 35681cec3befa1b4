package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// stringCheck is the package's one validator type: every string rule the
// framework's validators cannot express is a stringCheck, built next to the
// rule it checks. Null and unknown values are skipped (Create checks values
// that were unknown at plan time again, once they are known).
type stringCheck struct {
	description string              // what a valid value looks like, for docs and plans
	summary     string              // the error's title, e.g. "Invalid URL"
	problem     func(string) string // the error's detail for a bad value, or ""
}

func (c stringCheck) Description(context.Context) string { return c.description }

func (c stringCheck) MarkdownDescription(ctx context.Context) string { return c.Description(ctx) }

func (c stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if detail := c.problem(req.ConfigValue.ValueString()); detail != "" {
		resp.Diagnostics.AddAttributeError(req.Path, c.summary, detail)
	}
}

// sha256Pattern is a SHA-256 digest in hex, as whatsapp_media exports it.
var sha256Pattern = regexp.MustCompile(`^[0-9a-fA-F]{64}$`)

// apiVersionValidator checks api_version against the client's pattern.
func apiVersionValidator() validator.String {
	return stringvalidator.RegexMatches(whatsapp.APIVersionPattern, `must look like "v23.0"`)
}

// httpURLValidator accepts absolute http(s) URLs with a host.
var httpURLValidator = stringCheck{
	description: "must be an http:// or https:// URL with a host",
	summary:     "Invalid URL",
	problem: func(raw string) string {
		if problem := describeProblem(whatsapp.CheckHTTPURL(raw), raw); problem != "" {
			return fmt.Sprintf("%q: %s", raw, problem)
		}
		return ""
	},
}

// durationValidator accepts positive Go durations.
var durationValidator = stringCheck{
	description: `must be a positive Go duration such as "60s"`,
	summary:     "Invalid Duration",
	problem: func(raw string) string {
		if _, problem := parseTimeout(raw); problem != "" {
			return fmt.Sprintf("%q: %s", raw, problem)
		}
		return ""
	},
}

// phoneNumberIDValidator checks phone_number_id against the client's rule.
var phoneNumberIDValidator = stringCheck{
	description: "must be digits only, e.g. 106540352242922",
	summary:     "Invalid WhatsApp Phone Number ID",
	problem: func(raw string) string {
		if problem := describeProblem(whatsapp.CheckPhoneNumberID(raw), raw); problem != "" {
			return fmt.Sprintf("%q: %s.", raw, problem)
		}
		return ""
	},
}

// mediaProviderNameValidator checks a media provider's name against the
// client's rule: where it is defined (whatsapp_media_provider.name) and where
// a message names it (link_provider), so a name no provider can have fails at
// plan time. ImportState calls the same rule.
var mediaProviderNameValidator = stringCheck{
	description: fmt.Sprintf("must be 1 to %d letters, digits, `-` and `_`", whatsapp.MaxMediaProviderNameLength),
	summary:     "Invalid WhatsApp Media Provider Name",
	problem: func(raw string) string {
		if problem := describeProblem(whatsapp.CheckMediaProviderName(raw), raw); problem != "" {
			return fmt.Sprintf("%q: %s.", raw, problem)
		}
		return ""
	},
}

// mediaIDValidator checks a media ID (whatsapp_media_message.media_id, the
// whatsapp_media data source's id) against the client's rule.
var mediaIDValidator = stringCheck{
	description: "must be a media ID: a number (Cloud) or a UUID (On-Premises)",
	summary:     "Invalid WhatsApp Media ID",
	problem: func(raw string) string {
		if problem := describeProblem(whatsapp.CheckMediaID(raw), raw); problem != "" {
			return fmt.Sprintf("%q: %s.", raw, problem)
		}
		return ""
	},
}

// templateNameValidator checks a message template's name with the client's rule.
var templateNameValidator = stringCheck{
	description: "must be a template name: lowercase letters, digits and underscores",
	summary:     "Invalid WhatsApp Template Name",
	problem: func(name string) string {
		if problem := describeProblem(whatsapp.CheckTemplateName(name), name); problem != "" {
			return fmt.Sprintf("%q: %s.", name, problem)
		}
		return ""
	},
}

// templateLanguageValidator checks a template language code with the client's rule.
var templateLanguageValidator = stringCheck{
	description: `must be a language code such as "en_US"`,
	summary:     "Invalid WhatsApp Template Language",
	problem: func(code string) string {
		if problem := describeProblem(whatsapp.CheckLanguageCode(code), code); problem != "" {
			return fmt.Sprintf("%q: %s.", code, problem)
		}
		return ""
	},
}

// isSet reports whether v is known and holds a non-empty string. Empty
// optional strings are left out of the request, so they break no rule.
func isSet(v types.String) bool {
	return !v.IsNull() && !v.IsUnknown() && v.ValueString() != ""
}

// requiresOneOf is AlsoRequires for "one of these": a value set here needs
// one of the attributes names set too (unknown counts as set), said in one
// error. stringvalidator.Any of two AlsoRequires would say each one's error,
// which reads as if both were needed.
type requiresOneOf []string

func (v requiresOneOf) Description(context.Context) string {
	return fmt.Sprintf("requires one of %s", quotedOr(v))
}

func (v requiresOneOf) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v requiresOneOf) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() {
		return
	}
	for _, name := range v {
		var other attr.Value
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(name), &other)...)
		if other != nil && !other.IsNull() {
			return
		}
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Missing Attribute Configuration",
		fmt.Sprintf("Attribute %s must be specified when %q is specified", quotedOr(v), req.Path.String()))
}

// quotedOr writes names as `"a" or "b"`.
func quotedOr(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(quoted, " or ")
}
