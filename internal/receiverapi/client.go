package receiverapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Client reads a receiver's store. The token is sent as a bearer token and
// appears in no error.
type Client struct {
	BaseURL string // e.g. https://receiver.example.com
	Token   string
	HTTP    *http.Client // nil: a client with a 30 s timeout
	// PageSize is how many entries one request asks for (0: MaxLimit).
	PageSize int
}

func (c *Client) pageSize() string {
	if c.PageSize > 0 && c.PageSize < MaxLimit {
		return strconv.Itoa(c.PageSize)
	}
	return strconv.Itoa(MaxLimit)
}

// ErrUnauthorized is returned when the receiver refused the token.
var ErrUnauthorized = errors.New("the receiver refused the read token (HTTP 401): check the token it was started with")

var defaultHTTP = &http.Client{Timeout: 30 * time.Second}

// StatusesByMessageIDs returns what the receiver knows of each ID; IDs it has
// no status for are absent (a missing status never means "not sent"). It
// pages through the IDs MaxMessageIDs at a time.
func (c *Client) StatusesByMessageIDs(ctx context.Context, ids []string) ([]Message, error) {
	var out []Message
	for start := 0; start < len(ids); start += MaxMessageIDs {
		end := min(start+MaxMessageIDs, len(ids))
		q := url.Values{"message_id": ids[start:end]}
		var page StatusesPage
		if err := c.get(ctx, PathStatuses, q, &page); err != nil {
			return nil, err
		}
		out = append(out, page.Messages...)
	}
	return out, nil
}

// StatusesByLabel returns every message whose callback data equals label
// (prefix false) or starts with it (prefix true), following every page.
func (c *Client) StatusesByLabel(ctx context.Context, label string, prefix bool) ([]Message, error) {
	key := "label"
	if prefix {
		key = "label_prefix"
	}
	var out []Message
	after := ""
	for {
		q := url.Values{key: {label}, "limit": {c.pageSize()}}
		if after != "" {
			q.Set("after", after)
		}
		var page StatusesPage
		if err := c.get(ctx, PathStatuses, q, &page); err != nil {
			return nil, err
		}
		out = append(out, page.Messages...)
		if page.Next == "" {
			return out, nil
		}
		after = page.Next
	}
}

// InboundSince returns the messages customers sent since the given time,
// from the given senders (wa_id; none: every sender), oldest first.
func (c *Client) InboundSince(ctx context.Context, since time.Time, waIDs []string) ([]Inbound, error) {
	var out []Inbound
	after := ""
	for {
		q := url.Values{"since": {since.UTC().Format(time.RFC3339Nano)}, "limit": {c.pageSize()}}
		if len(waIDs) > 0 {
			q["wa_id"] = waIDs
		}
		if after != "" {
			q.Set("after", after)
		}
		var page InboundPage
		if err := c.get(ctx, PathInbound, q, &page); err != nil {
			return nil, err
		}
		out = append(out, page.Inbound...)
		if page.Next == "" {
			return out, nil
		}
		after = page.Next
	}
}

func (c *Client) get(ctx context.Context, path string, q url.Values, into any) error {
	u := strings.TrimRight(c.BaseURL, "/") + path + "?" + q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return fmt.Errorf("receiver read API: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	req.Header.Set("Accept", "application/json")
	hc := c.HTTP
	if hc == nil {
		hc = defaultHTTP
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("receiver read API at %s: %w", redacted(c.BaseURL), err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 256<<20))
	if err != nil {
		return fmt.Errorf("receiver read API: reading the answer: %w", err)
	}
	switch {
	case resp.StatusCode == http.StatusUnauthorized:
		return ErrUnauthorized
	case resp.StatusCode != http.StatusOK:
		var e Error
		_ = json.Unmarshal(body, &e)
		return fmt.Errorf("receiver read API answered HTTP %d: %s", resp.StatusCode, e.Error)
	}
	if err := json.Unmarshal(body, into); err != nil {
		return fmt.Errorf("receiver read API: the answer is not the expected JSON: %w", err)
	}
	return nil
}

// redacted is base without a password it may carry (https://user:pass@host):
// errors reach logs and the CLI's output.
func redacted(base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return "the configured URL"
	}
	return u.Redacted()
}
