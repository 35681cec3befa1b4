package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"text/tabwriter"
	"time"
)

// shownState is the part of GET /_sandbox/state that -show prints.
type shownState struct {
	Media []struct {
		ID          string `json:"id"`
		Flavor      string `json:"flavor"`
		ContentType string `json:"content_type"`
		Filename    string `json:"filename"`
		Size        int64  `json:"size"`
		SHA256      string `json:"sha256"`
	} `json:"media"`
	Messages []struct {
		ID      string          `json:"id"`
		Flavor  string          `json:"flavor"`
		Body    json.RawMessage `json:"body"`
		Failure *struct {
			Code  int    `json:"code"`
			Title string `json:"title"`
		} `json:"failure"`
	} `json:"messages"`
	Customers []struct {
		WaID      string `json:"wa_id"`
		OpenUntil string `json:"window_open_until"`
		Open      bool   `json:"window_open"`
	} `json:"customers"`
	Logins    int `json:"logins"`
	Providers []struct {
		Name string `json:"name"`
	} `json:"providers"`
}

// show prints what a running sandbox received: the quickstart's last word.
func show(baseURL string, out io.Writer) error {
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Get(strings.TrimRight(baseURL, "/") + "/_sandbox/state")
	if err != nil {
		return fmt.Errorf("is the sandbox running at %s? %w", baseURL, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET /_sandbox/state answered %s", resp.Status)
	}
	var st shownState
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		return fmt.Errorf("decode /_sandbox/state: %w", err)
	}

	fmt.Fprintf(out, "Media stored (%d):\n", len(st.Media))
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  ID\tAPI\tCONTENT TYPE\tBYTES\tSHA256")
	for _, m := range st.Media {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%d\t%.16s…\n", m.ID, m.Flavor, m.ContentType, m.Size, m.SHA256)
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintf(out, "\nMessages accepted (%d), each body exactly as received:\n", len(st.Messages))
	failed := 0
	for _, m := range st.Messages {
		fmt.Fprintf(out, "  %s [%s] %s\n", m.ID, m.Flavor, compactJSON(m.Body))
		if f := m.Failure; f != nil {
			failed++
			fmt.Fprintf(out, "    FAILED after acceptance: %d %s\n", f.Code, f.Title)
		}
	}
	if failed > 0 {
		fmt.Fprintf(out, "  %d of them failed: a free-form message reaches a customer only within 24 hours of the customer's "+
			"last message; send a template, or let the customer write first (POST /_sandbox/customers/{wa_id}/reply).\n", failed)
	}
	if len(st.Customers) > 0 {
		fmt.Fprintf(out, "\nCustomers who wrote (%d):\n", len(st.Customers))
		for _, c := range st.Customers {
			state := "window open until " + c.OpenUntil
			if !c.Open {
				state = "window closed since " + c.OpenUntil
			}
			fmt.Fprintf(out, "  %s  %s\n", c.WaID, state)
		}
	}
	if st.Logins > 0 {
		fmt.Fprintf(out, "\nOn-Premises logins: %d\n", st.Logins)
	}
	if len(st.Providers) > 0 {
		fmt.Fprintf(out, "\nMedia providers: %d\n", len(st.Providers))
	}
	fmt.Fprintf(out, "\nSee them as the recipients would: %s/\n", strings.TrimRight(baseURL, "/"))
	return nil
}

func compactJSON(raw json.RawMessage) string {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return string(raw)
	}
	return b.String()
}

// customersReply lets each customer write to the business (POST
// /_sandbox/customers/{wa_id}/reply), so free-form messages reach them for
// 24 hours: what a real customer does by messaging the number first.
func customersReply(baseURL string, customers []string, out io.Writer) error {
	if len(customers) == 0 {
		return fmt.Errorf("-customers-reply needs the customers after the flags, e.g. -customers-reply %s 16315551001", baseURL)
	}
	client := &http.Client{Timeout: 10 * time.Second}
	for _, c := range customers {
		resp, err := client.Post(strings.TrimRight(baseURL, "/")+"/_sandbox/customers/"+url.PathEscape(c)+"/reply", "application/json", nil)
		if err != nil {
			return fmt.Errorf("is the sandbox running at %s? %w", baseURL, err)
		}
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("customer %q: %s %s", c, resp.Status, bytes.TrimSpace(body))
		}
		var w struct {
			WaID      string `json:"wa_id"`
			OpenUntil string `json:"window_open_until"`
		}
		if err := json.Unmarshal(body, &w); err != nil {
			return fmt.Errorf("customer %q: unreadable answer %q: %w", c, body, err)
		}
		fmt.Fprintf(out, "Customer %s wrote: free-form messages reach them until %s\n", w.WaID, w.OpenUntil)
	}
	return nil
}
