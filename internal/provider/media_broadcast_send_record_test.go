package provider

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider/sendrecord"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sendlog"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// While a broadcast waits for a throttling API, the record of sends holds as
// "may have been sent" only the sends that are on the wire, never the ones
// waiting for the pace or to be tried again after a 429: a crash at that
// moment (the whole process killed, as `kill -9` of a process group does)
// must not leave dozens of recipients who were never sent to looking as if
// they might have been.
func TestBroadcastRecordHoldsOnlySendsOnTheWire(t *testing.T) {
	s := startSandbox(t)
	if err := s.SetRateLimit(sandbox.RateLimit{Rate: 10, Burst: 2}); err != nil {
		t.Fatal(err)
	}
	c := newTestClient(t, apiCloud, s)
	path := filepath.Join(t.TempDir(), sendRecordFile)
	r := sendrecord.New(path, time.Hour, c.Sender())
	b := mediaBroadcastModel{ID: types.StringValue("b1")}
	b.Type, b.Link, b.Triggers = types.StringValue("image"), types.StringValue("https://cdn.example.com/a.png"), types.MapNull(types.StringType)
	recipients := make([]string, 80)
	for i := range recipients {
		recipients[i] = fmt.Sprintf("1631555%04d", i)
	}
	msg, diags := b.Request(context.Background(), "", whatsapp.RecipientIndividual, "")
	sends, more := recordSends(r, b, recipients)
	if diags = append(diags, more...); diags.HasError() {
		t.Fatal(diags)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.SendToEach(ctx, msg, recipients, broadcastConcurrency, sends.Hooks(func(whatsapp.BroadcastResult) {}))
	}()
	defer func() { cancel(); <-done }()
	time.Sleep(1500 * time.Millisecond)

	// What another process would find if this one died now.
	other, err := sendlog.Open(path, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = other.Close() }()
	found, err := other.LookupAll("another run", sendrecord.KeysOf(broadcastRecordKeys(c.Sender(), b.Content, recipients)), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	taken := map[string]bool{}
	for _, m := range s.Messages() {
		taken[m.To] = true
	}
	pending := 0
	for _, to := range recipients {
		for _, e := range found[broadcastRecordKeys(c.Sender(), b.Content, []string{to})[to]] {
			if e.Outcome != sendlog.Accepted && !taken[to] {
				pending++
			}
		}
	}
	if len(taken) == 0 || len(taken) == len(recipients) {
		t.Fatalf("%d of %d sends taken after 1.5 s: the snapshot proves nothing", len(taken), len(recipients))
	}
	// A request written but not yet answered is the only honest "pending":
	// with 32 senders, a handful at most.
	if pending > 4 {
		t.Fatalf("the record holds %d sends without an answer to recipients the API never took (%d taken): sends "+
			"waiting for the pace or a retry were recorded as if on the wire", pending, len(taken))
	}
}
