package receiver

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// labelledStatuses posts a broadcast's statuses: bc:spring reaches three
// customers (read, delivered, failed 131047), bc:summer one (failed 131026),
// and the provider's labels of one broadcast content (group wa1Group) two
// (read, failed 131047), each send with a label of its own.
func labelledStatuses(t *testing.T, h *harness) {
	t.Helper()
	body := cloudPost(
		status{id: "wamid.S1", st: "read", to: "16315551001", ts: 1700000000, label: "bc:spring"},
		status{id: "wamid.S2", st: "delivered", to: "16315551002", ts: 1700000000, label: "bc:spring"},
		status{id: "wamid.S3", st: "failed", to: "16315551003", ts: 1700000000, label: "bc:spring", code: 131047, title: "Re-engagement message"},
		status{id: "wamid.S4", st: "failed", to: "16315551004", ts: 1700000000, label: "bc:summer", code: 131026, title: "Message undeliverable"},
		status{id: "wamid.W1", st: "read", to: "16315551001", ts: 1700000000, label: wa1Group + "0123456789abcdef0123456789abcdef|spring"},
		status{id: "wamid.W2", st: "failed", to: "16315551003", ts: 1700000000, label: wa1Group + "fedcba9876543210fedcba9876543210",
			code: 131047, title: "Re-engagement message"},
	)
	if code := h.postSigned(body); code != 200 {
		t.Fatalf("HTTP %d", code)
	}
	h.settle()
}

// wa1Group is a provider label's group (internal/sendlog/label.go), as a
// broadcast's delivery_label shows it.
const wa1Group = "wa1.0123456789ab."

// TestPage: the page's HTML over HTTP, on each store (the browser test
// renders it in Chromium).
func TestPage(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			h := startReceiver(t, b.url(t), nil)
			labelledStatuses(t, h)
			req, _ := http.NewRequest(http.MethodGet, h.url+"/", nil)
			req.SetBasicAuth("anyone", testReadToken)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			html, _ := io.ReadAll(resp.Body)
			_ = resp.Body.Close()
			page := string(html)
			for _, want := range []string{`data-label="bc:spring"`, `<td class="total">3</td>`, `data-code="131047"`,
				`data-label="bc:summer"`, `1 × 131026 Message undeliverable`,
				// The provider's two sends are one row, their group's.
				`data-label="` + wa1Group + `">` + "\n" + `<td>` + wa1Group + `</td>` + "\n" + `<td class="total">2</td>`} {
				if !strings.Contains(page, want) {
					t.Errorf("the page lacks %q:\n%s", want, page)
				}
			}
			if strings.Contains(page, "0123456789abcdef0123456789abcdef") {
				t.Errorf("the page shows a send's own label instead of its group's row:\n%s", page)
			}
		})
	}
}
