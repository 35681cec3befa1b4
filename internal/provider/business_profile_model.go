package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// The business profile resource's type and model, declared under the
// business_profile_* files that hold its methods (resource, plan, photo,
// restore), so that each leans on this one.

type businessProfileResource struct {
	resourceClient
}

type businessProfileModel struct {
	ID          types.String `tfsdk:"id"`
	About       types.String `tfsdk:"about"`
	Address     types.String `tfsdk:"address"`
	Description types.String `tfsdk:"description"`
	Email       types.String `tfsdk:"email"`
	Vertical    types.String `tfsdk:"vertical"`
	Websites    types.List   `tfsdk:"websites"`
	Photo       types.String `tfsdk:"photo"`
	PhotoSHA256 types.String `tfsdk:"photo_sha256"`
	PhotoURL    types.String `tfsdk:"photo_url"`
}

// profileTextField ties one text attribute to its place in the model, in the
// API's profile and in an update, so each rule over the fields is one loop.
type profileTextField struct {
	name   string
	model  func(*businessProfileModel) *types.String
	api    func(*whatsapp.BusinessProfile) *string
	update func(*whatsapp.ProfileUpdate) **string
}

var profileTextFields = []profileTextField{
	{"about", func(m *businessProfileModel) *types.String { return &m.About },
		func(p *whatsapp.BusinessProfile) *string { return &p.About }, func(u *whatsapp.ProfileUpdate) **string { return &u.About }},
	{"address", func(m *businessProfileModel) *types.String { return &m.Address },
		func(p *whatsapp.BusinessProfile) *string { return &p.Address }, func(u *whatsapp.ProfileUpdate) **string { return &u.Address }},
	{"description", func(m *businessProfileModel) *types.String { return &m.Description },
		func(p *whatsapp.BusinessProfile) *string { return &p.Description }, func(u *whatsapp.ProfileUpdate) **string { return &u.Description }},
	{"email", func(m *businessProfileModel) *types.String { return &m.Email },
		func(p *whatsapp.BusinessProfile) *string { return &p.Email }, func(u *whatsapp.ProfileUpdate) **string { return &u.Email }},
	{"vertical", func(m *businessProfileModel) *types.String { return &m.Vertical },
		func(p *whatsapp.BusinessProfile) *string { return &p.Vertical }, func(u *whatsapp.ProfileUpdate) **string { return &u.Vertical }},
}

// onPremProfileID is the id and import ID of the On-Premises profile: there
// is one per deployment.
const onPremProfileID = "business_profile"
