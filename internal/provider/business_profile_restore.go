package provider

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// What "destroy puts back what was there" means for the business profile: the
// value each field had when the resource first managed it (at create, at
// import, or at the update that added the argument) is kept in private state,
// and destroy, or removing the argument, writes it back. The photo is not
// kept: On-Premises removes the photo Terraform set, Cloud has no call to
// remove or restore one (business_profile_photo.go).

// privateProfileBefore is the private state key of the record.
const privateProfileBefore = "profile_before"

type profileBefore struct {
	Text     map[string]string `json:"text,omitempty"`
	Websites *[]string         `json:"websites,omitempty"`
}

type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

func loadProfileBefore(ctx context.Context, p privateGetter) (profileBefore, diag.Diagnostics) {
	var b profileBefore
	data, diags := p.GetKey(ctx, privateProfileBefore)
	if len(data) > 0 {
		_ = json.Unmarshal(data, &b) // an unreadable record restores nothing
	}
	return b, diags
}

func saveProfileBefore(ctx context.Context, p privateSetter, b profileBefore) diag.Diagnostics {
	data, _ := json.Marshal(b) // strings and lists of strings always encode
	return p.SetKey(ctx, privateProfileBefore, data)
}

// remember records, for each field the plan manages and the state did not,
// its value on the server now; a field already recorded keeps its record.
func (b *profileBefore) remember(now *whatsapp.BusinessProfile, state, plan *businessProfileModel) {
	if b.Text == nil {
		b.Text = map[string]string{}
	}
	for _, f := range profileTextFields {
		if _, ok := b.Text[f.name]; !ok && !f.model(plan).IsNull() && (state == nil || f.model(state).IsNull()) {
			b.Text[f.name] = *f.api(now)
		}
	}
	if b.Websites == nil && !plan.Websites.IsNull() && (state == nil || state.Websites.IsNull()) {
		ws := append([]string{}, now.Websites...)
		b.Websites = &ws
	}
}

// needsRemember reports whether the plan manages a field the state does not.
func needsRemember(state, plan *businessProfileModel) bool {
	for _, f := range profileTextFields {
		if !f.model(plan).IsNull() && f.model(state).IsNull() {
			return true
		}
	}
	return !plan.Websites.IsNull() && state.Websites.IsNull()
}

// release builds the update that writes back the recorded values of the
// fields the state manages and the plan (nil: destroy) does not, and drops
// their records. A value the API cannot write is skipped: an empty about
// (1 to 139 characters on both APIs) or, on Cloud, an empty vertical (one of
// its list); the field keeps the value Terraform set.
func (b *profileBefore) release(flavor whatsapp.Flavor, state, plan *businessProfileModel) (whatsapp.ProfileUpdate, bool) {
	var u whatsapp.ProfileUpdate
	some := false
	for _, f := range profileTextFields {
		if f.model(state).IsNull() || (plan != nil && !f.model(plan).IsNull()) {
			continue
		}
		v, ok := b.Text[f.name]
		delete(b.Text, f.name)
		if !ok || (v == "" && (f.name == "about" || (f.name == "vertical" && flavor == whatsapp.Cloud))) {
			continue
		}
		*f.update(&u), some = &v, true
	}
	if !state.Websites.IsNull() && (plan == nil || plan.Websites.IsNull()) && b.Websites != nil {
		u.Websites, some = b.Websites, true
		b.Websites = nil
	}
	return u, some
}

// unrestorable names the managed fields a destroy leaves as Terraform set
// them: a field that was empty before, which the API cannot write back
// (release skips the same ones), and the photo on Cloud, which has no call
// to remove one.
func (b profileBefore) unrestorable(flavor whatsapp.Flavor, state *businessProfileModel) []string {
	var out []string
	for _, f := range profileTextFields {
		if v, ok := b.Text[f.name]; ok && !f.model(state).IsNull() && v == "" &&
			(f.name == "about" || (f.name == "vertical" && flavor == whatsapp.Cloud)) {
			out = append(out, f.name)
		}
	}
	if flavor == whatsapp.Cloud && !state.Photo.IsNull() {
		out = append(out, "photo")
	}
	return out
}

// profileUpdate is the update that makes the server hold the plan's values
// where they differ from the state's (state nil: every value set).
func profileUpdate(ctx context.Context, state, plan *businessProfileModel) (whatsapp.ProfileUpdate, bool, diag.Diagnostics) {
	var u whatsapp.ProfileUpdate
	changed := false
	for _, f := range profileTextFields {
		pv := f.model(plan)
		if pv.IsNull() || (state != nil && pv.Equal(*f.model(state))) {
			continue
		}
		v := pv.ValueString()
		*f.update(&u), changed = &v, true
	}
	var diags diag.Diagnostics
	if !plan.Websites.IsNull() && (state == nil || !plan.Websites.Equal(state.Websites)) {
		var ws []string
		diags.Append(plan.Websites.ElementsAs(ctx, &ws, false)...)
		u.Websites, changed = &ws, true
	}
	return u, changed, diags
}

// fillManaged copies the server's values into the fields the model manages,
// so a change made outside Terraform shows in the plan.
func fillManaged(ctx context.Context, m *businessProfileModel, p *whatsapp.BusinessProfile) diag.Diagnostics {
	for _, f := range profileTextFields {
		if !f.model(m).IsNull() {
			*f.model(m) = types.StringValue(*f.api(p))
		}
	}
	var diags diag.Diagnostics
	if !m.Websites.IsNull() {
		m.Websites, diags = types.ListValueFrom(ctx, types.StringType, append([]string{}, p.Websites...))
	}
	return diags
}
