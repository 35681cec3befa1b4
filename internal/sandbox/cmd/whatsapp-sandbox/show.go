package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
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
		ID     string          `json:"id"`
		Flavor string          `json:"flavor"`
		Body   json.RawMessage `json:"body"`
	} `json:"messages"`
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
	for _, m := range st.Messages {
		fmt.Fprintf(out, "  %s [%s] %s\n", m.ID, m.Flavor, compactJSON(m.Body))
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
