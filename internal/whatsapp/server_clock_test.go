package whatsapp_test

import (
	"context"
	"testing"
	"time"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// TestServerNow: before any answer the client knows only its own clock; after
// one it follows the API's Date header, here a sandbox clock moved a day on.
func TestServerNow(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	c := sandboxClient(t, sb, whatsapp.Cloud, nil)
	if _, known := c.ServerNow(); known {
		t.Fatal("ServerNow is known before any answer")
	}
	sb.AdvanceClock(25 * time.Hour)
	if _, err := c.GetPhoneNumber(context.Background(), sandbox.DefaultPhoneNumberID); err != nil {
		t.Fatal(err)
	}
	now, known := c.ServerNow()
	if ahead := time.Until(now); !known || ahead < 24*time.Hour || ahead > 26*time.Hour {
		t.Errorf("ServerNow %v (known %v) is %v ahead of this clock, want the sandbox's 25h", now, known, ahead)
	}
}
