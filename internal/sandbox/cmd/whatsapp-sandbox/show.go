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
// With wait > 0 it first waits, at most that long, until every accepted
// message has its final status, so the table shows what was delivered.
func show(baseURL string, wait time.Duration, out io.Writer) error {
	client := &http.Client{Timeout: 10 * time.Second}
	if wait > 0 {
		if err := waitForFinalStatuses(client, baseURL, wait, out); err != nil {
			return err
		}
	}
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
	if err := showStatuses(client, baseURL, out); err != nil {
		return err
	}
	fmt.Fprintf(out, "\nSee them as the recipients would: %s/\n", strings.TrimRight(baseURL, "/"))
	return nil
}

// shownStatuses is the part of GET /_sandbox/statuses that -show prints.
type shownStatuses struct {
	Statuses []struct {
		MessageID   string `json:"message_id"`
		RecipientID string `json:"recipient_id"`
		Status      string `json:"status"`
		Error       *struct {
			Code  int    `json:"code"`
			Title string `json:"title"`
		} `json:"error"`
		CallbackData string `json:"callback_data"`
		Delivery     struct {
			WebhookURL string `json:"webhook_url"`
			Attempts   int    `json:"attempts"`
			Delivered  bool   `json:"delivered"`
			LastError  string `json:"last_error"`
		} `json:"delivery"`
	} `json:"statuses"`
	Recipients []struct {
		RecipientID string         `json:"recipient_id"`
		Messages    int            `json:"messages"`
		Counts      map[string]int `json:"counts"`
	} `json:"recipients"`
}

// getStatuses reads GET /_sandbox/statuses.
func getStatuses(client *http.Client, baseURL string) (shownStatuses, error) {
	var st shownStatuses
	resp, err := client.Get(strings.TrimRight(baseURL, "/") + "/_sandbox/statuses")
	if err != nil {
		return st, fmt.Errorf("GET /_sandbox/statuses: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return st, fmt.Errorf("GET /_sandbox/statuses answered %s", resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		return st, fmt.Errorf("decode /_sandbox/statuses: %w", err)
	}
	return st, nil
}

// pendingFinal counts the accepted messages and those without a final
// status yet: per recipient, each message ends delivered or failed.
func pendingFinal(st shownStatuses) (messages, pending int) {
	for _, r := range st.Recipients {
		messages += r.Messages
		if n := r.Messages - r.Counts["delivered"] - r.Counts["failed"]; n > 0 {
			pending += n
		}
	}
	return messages, pending
}

// waitForFinalStatuses polls GET /_sandbox/statuses until every accepted
// message is delivered or failed, or until timeout; then it says which. A
// timeout is not an error: the table shows the statuses as they are.
func waitForFinalStatuses(client *http.Client, baseURL string, timeout time.Duration, out io.Writer) error {
	start := time.Now()
	for {
		st, err := getStatuses(client, baseURL)
		if err != nil {
			return err
		}
		messages, pending := pendingFinal(st)
		elapsed := time.Since(start)
		if messages == 0 {
			return nil // nothing was sent: nothing to wait for
		}
		if pending == 0 {
			fmt.Fprintf(out, "All %d accepted messages were delivered or failed, after waiting %s (read statuses follow a few seconds later).\n\n",
				messages, elapsed.Round(100*time.Millisecond))
			return nil
		}
		if elapsed >= timeout {
			fmt.Fprintf(out, "After %s, %d of %d accepted messages still have no final status (delivered or failed); "+
				"below are the statuses so far.\n\n", timeout, pending, messages)
			return nil
		}
		time.Sleep(min(200*time.Millisecond, timeout-elapsed))
	}
}

// showStatuses prints the statuses per recipient, then each one with how its
// delivery to the webhook went.
func showStatuses(client *http.Client, baseURL string, out io.Writer) error {
	st, err := getStatuses(client, baseURL)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\nStatuses per recipient (%d reported):\n", len(st.Statuses))
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  RECIPIENT\tMESSAGES\tSENT\tDELIVERED\tREAD\tFAILED")
	for _, r := range st.Recipients {
		fmt.Fprintf(tw, "  %s\t%d\t%d\t%d\t%d\t%d\n", r.RecipientID, r.Messages,
			r.Counts["sent"], r.Counts["delivered"], r.Counts["read"], r.Counts["failed"])
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	// One line per message, in the order of its first status.
	type line struct {
		head     string
		statuses []string
		delivery []string
	}
	var order []string
	lines := map[string]*line{}
	for _, s := range st.Statuses {
		l, ok := lines[s.MessageID]
		if !ok {
			l = &line{head: s.MessageID + " to " + s.RecipientID}
			if s.CallbackData != "" {
				l.head += fmt.Sprintf(" (callback_data %q)", s.CallbackData)
			}
			lines[s.MessageID] = l
			order = append(order, s.MessageID)
		}
		word := s.Status
		if s.Error != nil {
			word += fmt.Sprintf(" %d %s", s.Error.Code, s.Error.Title)
		}
		l.statuses = append(l.statuses, word)
		switch {
		case s.Delivery.WebhookURL == "":
			l.delivery = appendOnce(l.delivery, "no webhook configured")
		case s.Delivery.Delivered:
			l.delivery = appendOnce(l.delivery, "posted to "+s.Delivery.WebhookURL)
		default:
			l.delivery = appendOnce(l.delivery, fmt.Sprintf("%s not posted to %s after %d attempt(s): %s",
				s.Status, s.Delivery.WebhookURL, s.Delivery.Attempts, s.Delivery.LastError))
		}
	}
	for _, id := range order {
		l := lines[id]
		fmt.Fprintf(out, "  %s: %s [%s]\n", l.head, strings.Join(l.statuses, ", "), strings.Join(l.delivery, "; "))
	}
	return nil
}

func appendOnce(list []string, s string) []string {
	for _, have := range list {
		if have == s {
			return list
		}
	}
	return append(list, s)
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
