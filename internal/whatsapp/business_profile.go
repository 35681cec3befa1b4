package whatsapp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/mail"
	"net/url"
)

// The business profile customers see (API.md, "The business profile"): its
// fields, their limits, and the calls that read and write them on both flavors.

// Limits of the profile's fields, in characters. Meta's OpenAPI spec v23.0
// gives description 256; Meta's Cloud and On-Premises reference pages give
// 512. The provider and the sandbox take the larger (the pages), as for every
// rule where Meta's sources disagree.
const (
	MaxProfileAboutLength       = 139
	MaxProfileAddressLength     = 256
	MaxProfileDescriptionLength = 512
	MaxProfileEmailLength       = 128
	MaxProfileWebsiteLength     = 256
	MaxProfileWebsites          = 2
	// MaxProfileVerticalLength bounds an On-Premises vertical, which the
	// On-Premises API takes as free text; Cloud takes only ProfileVerticals.
	MaxProfileVerticalLength = 128
)

// ProfileVerticals lists the Cloud API's industries (the spec's
// WhatsAppBusinessVertical), in the spec's order.
func ProfileVerticals() []string {
	return []string{"OTHER", "AUTO", "BEAUTY", "APPAREL", "EDU", "ENTERTAIN", "EVENT_PLAN", "FINANCE", "GROCERY",
		"GOVT", "HOTEL", "HEALTH", "NONPROFIT", "PROF_SERVICES", "RETAIL", "TRAVEL", "RESTAURANT", "ALCOHOL",
		"ONLINE_GAMBLING", "PHYSICAL_GAMBLING", "OTC_DRUGS"}
}

// ProfilePhotoMedia is what a profile photo may be: a JPEG or PNG image of at
// most 5 MB, the image rules of messages.
var ProfilePhotoMedia = ImageMedia

// IsEmailAddress reports whether s is a bare address such as
// "hello@example.com" (no display name, no angle brackets).
func IsEmailAddress(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && a.Name == ""
}

// BusinessProfile is the profile as the API returns it. An empty string is a
// field the profile does not have.
type BusinessProfile struct {
	About       string
	Address     string
	Description string
	Email       string
	Vertical    string
	Websites    []string
	// PhotoURL is Cloud's profile_picture_url, a URL Meta serves the photo
	// at; empty on On-Premises, which serves the photo itself (OpenProfilePhoto).
	PhotoURL string
}

// ProfileUpdate names the fields to write; a nil field is left as it is.
type ProfileUpdate struct {
	About, Address, Description, Email, Vertical *string
	Websites                                     *[]string
}

func (u ProfileUpdate) hasBusinessFields() bool {
	return u.Address != nil || u.Description != nil || u.Email != nil || u.Vertical != nil || u.Websites != nil
}

type cloudProfile struct {
	About             string   `json:"about,omitempty"`
	Address           string   `json:"address,omitempty"`
	Description       string   `json:"description,omitempty"`
	Email             string   `json:"email,omitempty"`
	Vertical          string   `json:"vertical,omitempty"`
	Websites          []string `json:"websites,omitempty"`
	ProfilePictureURL string   `json:"profile_picture_url,omitempty"`
}

// onPremProfile is settings.business.profile; every field is sent, so a POST
// that replaces the whole profile keeps what this client did not change.
type onPremProfile struct {
	Address     string   `json:"address"`
	Description string   `json:"description"`
	Email       string   `json:"email"`
	Vertical    string   `json:"vertical"`
	Websites    []string `json:"websites"`
}

const cloudProfileFields = "about,address,description,email,profile_picture_url,websites,vertical"

// GetBusinessProfile reads the profile. Cloud: GET
// /{phone-number-id}/whatsapp_business_profile. On-Premises: GET
// /v1/settings/business/profile and GET /v1/settings/profile/about.
func (c *Client) GetBusinessProfile(ctx context.Context) (*BusinessProfile, error) {
	if c.cfg.Flavor == Cloud {
		u := c.cloudURL(c.cfg.PhoneNumberID, "whatsapp_business_profile") + "?" + url.Values{"fields": {cloudProfileFields}}.Encode()
		var reply struct {
			Data []cloudProfile `json:"data"`
		}
		if err := c.getJSON(ctx, u, &reply); err != nil {
			return nil, fmt.Errorf("get business profile: %w", err)
		}
		if len(reply.Data) == 0 {
			return &BusinessProfile{}, nil
		}
		p := reply.Data[0]
		return &BusinessProfile{About: p.About, Address: p.Address, Description: p.Description, Email: p.Email,
			Vertical: p.Vertical, Websites: p.Websites, PhotoURL: p.ProfilePictureURL}, nil
	}
	bp, err := c.onPremBusinessProfile(ctx)
	if err != nil {
		return nil, err
	}
	var about struct {
		Settings struct {
			Profile struct {
				About struct {
					Text string `json:"text"`
				} `json:"about"`
			} `json:"profile"`
		} `json:"settings"`
	}
	if err := c.getJSON(ctx, c.onPremURL("settings", "profile", "about"), &about); err != nil {
		return nil, fmt.Errorf("get profile about: %w", err)
	}
	return &BusinessProfile{About: about.Settings.Profile.About.Text, Address: bp.Address, Description: bp.Description,
		Email: bp.Email, Vertical: bp.Vertical, Websites: bp.Websites}, nil
}

func (c *Client) onPremBusinessProfile(ctx context.Context) (onPremProfile, error) {
	var reply struct {
		Settings struct {
			Business struct {
				Profile onPremProfile `json:"profile"`
			} `json:"business"`
		} `json:"settings"`
	}
	if err := c.getJSON(ctx, c.onPremURL("settings", "business", "profile"), &reply); err != nil {
		return onPremProfile{}, fmt.Errorf("get business profile: %w", err)
	}
	return reply.Settings.Business.Profile, nil
}

// SetBusinessProfile writes the fields u names. Cloud: one POST
// /{phone-number-id}/whatsapp_business_profile. On-Premises: the business
// fields by POST /v1/settings/business/profile (after reading the profile, so
// the fields u leaves out are sent as they are), about by PATCH
// /v1/settings/profile/about. Writing the same values twice leaves the same
// profile, so each call is retried like a read.
func (c *Client) SetBusinessProfile(ctx context.Context, u ProfileUpdate) error {
	if c.cfg.Flavor == Cloud {
		body := map[string]any{"messaging_product": "whatsapp"}
		for name, v := range map[string]*string{"about": u.About, "address": u.Address, "description": u.Description,
			"email": u.Email, "vertical": u.Vertical} {
			if v != nil {
				body[name] = *v
			}
		}
		if u.Websites != nil {
			body["websites"] = nonNil(*u.Websites)
		}
		return c.postProfile(ctx, c.cloudURL(c.cfg.PhoneNumberID, "whatsapp_business_profile"), http.MethodPost, body)
	}
	if u.hasBusinessFields() {
		p, err := c.onPremBusinessProfile(ctx)
		if err != nil {
			return err
		}
		set := func(dst *string, v *string) {
			if v != nil {
				*dst = *v
			}
		}
		set(&p.Address, u.Address)
		set(&p.Description, u.Description)
		set(&p.Email, u.Email)
		set(&p.Vertical, u.Vertical)
		if u.Websites != nil {
			p.Websites = *u.Websites
		}
		p.Websites = nonNil(p.Websites)
		if err := c.postProfile(ctx, c.onPremURL("settings", "business", "profile"), http.MethodPost, p); err != nil {
			return err
		}
	}
	if u.About != nil {
		return c.postProfile(ctx, c.onPremURL("settings", "profile", "about"), http.MethodPatch, map[string]string{"text": *u.About})
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (c *Client) postProfile(ctx context.Context, u, method string, body any) error {
	data, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("set business profile: %w", err)
	}
	resp, err := c.do(ctx, &call{method: method, url: u, contentType: "application/json", body: data, idempotent: true})
	if err != nil {
		return fmt.Errorf("set business profile: %w", err)
	}
	drainClose(resp)
	return nil
}

func (c *Client) getJSON(ctx context.Context, u string, v any) error {
	resp, err := c.do(ctx, &call{method: http.MethodGet, url: u, idempotent: true})
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if err := decodeJSON(resp, v); err != nil {
		return fmt.Errorf("unreadable reply: %w", err)
	}
	return nil
}

// SetProfilePhoto makes u the profile photo. Cloud: the bytes go through the
// Resumable Upload API of the app (AppID), then POST
// /{phone-number-id}/whatsapp_business_profile with its profile_picture_handle.
// On-Premises: POST /v1/settings/profile/photo with the bytes as the body.
func (c *Client) SetProfilePhoto(ctx context.Context, u Upload) error {
	if c.cfg.Flavor == Cloud {
		if c.cfg.AppID == "" {
			return errors.New("uploading a profile photo needs the app ID")
		}
		handle, err := c.resumableUpload(ctx, u, "profile photo")
		if err != nil {
			return err
		}
		return c.postProfile(ctx, c.cloudURL(c.cfg.PhoneNumberID, "whatsapp_business_profile"), http.MethodPost,
			map[string]string{"messaging_product": "whatsapp", "profile_picture_handle": handle})
	}
	if err := checkUpload(u); err != nil {
		return err
	}
	// Setting the same photo twice leaves the same photo.
	resp, err := c.do(ctx, &call{method: http.MethodPost, url: c.onPremURL("settings", "profile", "photo"),
		contentType: u.ContentType, upload: newUploadBody(u, nil, nil), idempotent: true})
	if err != nil {
		return fmt.Errorf("set profile photo: %w", err)
	}
	drainClose(resp)
	return nil
}

// OpenProfilePhoto streams the On-Premises profile photo (GET
// /v1/settings/profile/photo); IsNotFound is true for an error when the
// profile has none. The Cloud API serves only its URL (BusinessProfile.PhotoURL).
func (c *Client) OpenProfilePhoto(ctx context.Context) (io.ReadCloser, error) {
	if c.cfg.Flavor == Cloud {
		return nil, errors.New("the Cloud API does not serve the profile photo's bytes, only its URL")
	}
	resp, err := c.do(ctx, &call{method: http.MethodGet, url: c.onPremURL("settings", "profile", "photo"), idempotent: true, streamResp: true})
	if err != nil {
		return nil, fmt.Errorf("get profile photo: %w", err)
	}
	return resp.Body, nil
}

// DeleteProfilePhoto removes the On-Premises profile photo (DELETE
// /v1/settings/profile/photo); the Cloud API has no call for it.
func (c *Client) DeleteProfilePhoto(ctx context.Context) error {
	if c.cfg.Flavor == Cloud {
		return errors.New("the Cloud API cannot remove the profile photo; remove it in the WhatsApp Manager")
	}
	resp, err := c.do(ctx, &call{method: http.MethodDelete, url: c.onPremURL("settings", "profile", "photo"), idempotent: true})
	if err != nil {
		return fmt.Errorf("delete profile photo: %w", err)
	}
	drainClose(resp)
	return nil
}
