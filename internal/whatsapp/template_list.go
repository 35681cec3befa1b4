package whatsapp

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// ListTemplates reads every template of the business account, each language
// its own entry, in the order the API gives them.
func (c *Client) ListTemplates(ctx context.Context) ([]MessageTemplate, error) {
	if err := c.templateCheck(false); err != nil {
		return nil, err
	}
	var all []MessageTemplate
	_, err := c.templatePages(ctx, url.Values{}, 0, func(page []MessageTemplate) { all = append(all, page...) })
	if err != nil {
		return nil, fmt.Errorf("list templates: %w", err)
	}
	return all, nil
}

// templatePages reads the business account's template list with the query
// q, page by page, handing each page to visit. Graph pages the list: an
// answer with paging.next has more, fetched with after=<paging.cursors.after>
// (Graph API's cursor-based pagination). With maxPages > 0 it stops after
// that many pages; more then says whether the API had another.
func (c *Client) templatePages(ctx context.Context, q url.Values, maxPages int, visit func([]MessageTemplate)) (more bool, err error) {
	q.Set("fields", templateFields)
	q.Set("limit", "100")
	seen := map[string]bool{}
	for pages := 1; ; pages++ {
		resp, err := c.do(ctx, &call{method: http.MethodGet, url: c.cloudURL(c.cfg.BusinessAccountID, "message_templates") + "?" + q.Encode(), idempotent: true})
		if err != nil {
			return false, err
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
			return false, err
		}
		visit(page.Data)
		after := page.Paging.Cursors.After
		if page.Paging.Next == "" || after == "" || seen[after] {
			return false, nil
		}
		if maxPages > 0 && pages >= maxPages {
			return true, nil
		}
		seen[after] = true
		q.Set("after", after)
	}
}
