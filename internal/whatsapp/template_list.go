package whatsapp

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// ListTemplates reads every template of the business account, each language
// its own entry, in the order the API gives them. Graph pages the list: an
// answer with paging.next has more, fetched with after=<paging.cursors.after>
// (Graph API's cursor-based pagination).
func (c *Client) ListTemplates(ctx context.Context) ([]MessageTemplate, error) {
	if err := c.templateCheck(false); err != nil {
		return nil, err
	}
	var all []MessageTemplate
	seen := map[string]bool{}
	after := ""
	for {
		q := url.Values{"fields": {templateFields}, "limit": {"100"}}
		if after != "" {
			q.Set("after", after)
		}
		resp, err := c.do(ctx, &call{method: http.MethodGet, url: c.cloudURL(c.cfg.BusinessAccountID, "message_templates") + "?" + q.Encode(), idempotent: true})
		if err != nil {
			return nil, fmt.Errorf("list templates: %w", err)
		}
		var page struct {
			Data   []MessageTemplate `json:"data"`
			Paging struct {
				Cursors struct {
					After string `json:"after"`
				} `json:"cursors"`
				Next string `json:"next"`
			} `json:"paging"`
		}
		err = decodeJSON(resp, &page)
		_ = resp.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("list templates: %w", err)
		}
		all = append(all, page.Data...)
		after = page.Paging.Cursors.After
		if page.Paging.Next == "" || after == "" || seen[after] {
			return all, nil
		}
		seen[after] = true
	}
}
