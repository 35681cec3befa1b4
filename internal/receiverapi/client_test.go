package receiverapi

import (
	"context"
	"strings"
	"testing"
)

// TestErrorsHideTheURLPassword: a store URL with a password in it never
// shows it in an error, which reaches logs and the CLI's output.
func TestErrorsHideTheURLPassword(t *testing.T) {
	c := &Client{BaseURL: "http://reader:s3cret@127.0.0.1:1", Token: "tok3n"}
	_, err := c.StatusesByMessageIDs(context.Background(), []string{"wamid.1"})
	if err == nil {
		t.Fatal("a store nothing answers on gave no error")
	}
	for _, secret := range []string{"s3cret", "tok3n"} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("the error shows %q: %v", secret, err)
		}
	}
}
