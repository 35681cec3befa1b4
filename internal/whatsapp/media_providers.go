package whatsapp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// MediaProvider is one On-Premises media provider entry
// (/v1/settings/application/media/providers). Type is always "www".
// Set either Bearer or BasicUsername+BasicPassword.
type MediaProvider struct {
	Name          string
	Type          string
	Bearer        string
	BasicUsername string
	BasicPassword string
}

// MediaProviderTypeWWW is the only media provider type the API knows.
const MediaProviderTypeWWW = "www"

// ErrCloudHasNoMediaProviders is returned by the media provider calls on a
// Cloud client.
var ErrCloudHasNoMediaProviders = errors.New("media providers exist only on the On-Premises API; this provider is configured for the Cloud API")

type providerJSON struct {
	Name   string `json:"name"`
	Type   string `json:"type"`
	Config struct {
		Basic *struct {
			Username string `json:"username"`
			Password string `json:"password"`
		} `json:"basic,omitempty"`
		Bearer string `json:"bearer,omitempty"`
	} `json:"config"`
}

func (p providerJSON) toProvider() MediaProvider {
	mp := MediaProvider{Name: p.Name, Type: p.Type, Bearer: p.Config.Bearer}
	if p.Config.Basic != nil {
		mp.BasicUsername = p.Config.Basic.Username
		mp.BasicPassword = p.Config.Basic.Password
	}
	return mp
}

// providersReply tolerates any missing level: a fresh server may answer
// {"settings":{}} or null.
type providersReply struct {
	Settings *struct {
		Application *struct {
			Media *struct {
				Providers []providerJSON `json:"providers"`
			} `json:"media"`
		} `json:"application"`
	} `json:"settings"`
}

func (c *Client) providersURL(name ...string) string {
	return c.onPremURL(append([]string{"settings", "application", "media", "providers"}, name...)...)
}

// ListMediaProviders returns every configured media provider (On-Premises only).
func (c *Client) ListMediaProviders(ctx context.Context) ([]MediaProvider, error) {
	if c.cfg.Flavor != OnPremises {
		return nil, ErrCloudHasNoMediaProviders
	}
	resp, err := c.do(ctx, &call{method: http.MethodGet, url: c.providersURL(), idempotent: true})
	if err != nil {
		return nil, fmt.Errorf("list media providers: %w", err)
	}
	defer resp.Body.Close()
	var reply providersReply
	if err := decodeJSON(resp, &reply); err != nil {
		return nil, fmt.Errorf("list media providers: unreadable reply: %w", err)
	}
	out := []MediaProvider{}
	if s := reply.Settings; s != nil && s.Application != nil && s.Application.Media != nil {
		for _, p := range s.Application.Media.Providers {
			out = append(out, p.toProvider())
		}
	}
	return out, nil
}

// GetMediaProvider returns one media provider by name; IsNotFound when absent.
func (c *Client) GetMediaProvider(ctx context.Context, name string) (*MediaProvider, error) {
	if err := checkID("media provider name", name); err != nil {
		return nil, err
	}
	all, err := c.ListMediaProviders(ctx)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].Name == name {
			return &all[i], nil
		}
	}
	// The API has no single-provider GET; absence is found by listing.
	return nil, fmt.Errorf("media provider %q does not exist: %w", name, ErrNotFound)
}

// SetMediaProvider creates or overwrites (by name) one media provider.
func (c *Client) SetMediaProvider(ctx context.Context, p MediaProvider) error {
	if c.cfg.Flavor != OnPremises {
		return ErrCloudHasNoMediaProviders
	}
	if err := checkID("media provider name", p.Name); err != nil {
		return err
	}
	hasBasic := p.BasicUsername != "" || p.BasicPassword != ""
	if p.Bearer != "" && hasBasic {
		return fmt.Errorf("set media provider %q: give either a bearer token or basic username and password, not both", p.Name)
	}
	var pj providerJSON
	pj.Name, pj.Type = p.Name, p.Type
	if pj.Type == "" {
		pj.Type = MediaProviderTypeWWW
	}
	pj.Config.Bearer = p.Bearer
	if hasBasic {
		pj.Config.Basic = &struct {
			Username string `json:"username"`
			Password string `json:"password"`
		}{p.BasicUsername, p.BasicPassword}
	}
	body, err := json.Marshal([]providerJSON{pj})
	if err != nil {
		return fmt.Errorf("set media provider %q: %w", p.Name, err)
	}
	// Overwriting by name makes a repeat harmless, so it is retried like a GET.
	resp, err := c.do(ctx, &call{method: http.MethodPost, url: c.providersURL(), contentType: "application/json", body: body, idempotent: true})
	if err != nil {
		return fmt.Errorf("set media provider %q: %w", p.Name, err)
	}
	// The reply is null, {} or {"meta":...}: nothing to read.
	drainClose(resp)
	return nil
}

// DeleteMediaProvider deletes one media provider; IsNotFound when absent.
func (c *Client) DeleteMediaProvider(ctx context.Context, name string) error {
	if c.cfg.Flavor != OnPremises {
		return ErrCloudHasNoMediaProviders
	}
	if err := checkID("media provider name", name); err != nil {
		return err
	}
	resp, err := c.do(ctx, &call{method: http.MethodDelete, url: c.providersURL(name), idempotent: true})
	if err != nil {
		return fmt.Errorf("delete media provider %q: %w", name, err)
	}
	drainClose(resp)
	return nil
}
