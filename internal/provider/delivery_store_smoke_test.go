package provider

import (
	"context"
	"testing"
)

// TestDeliveryStoreHelper: the test helper starts the real receiver, whose
// read API answers the token the provider is given and refuses another.
func TestDeliveryStoreHelper(t *testing.T) {
	d := startDeliveryStore(t, "")
	if _, err := d.Client().StatusesByMessageIDs(context.Background(), []string{"wamid.none"}); err != nil {
		t.Fatalf("read with the token: %v", err)
	}
	bad := d.Client()
	bad.Token = "wrong"
	if _, err := bad.StatusesByMessageIDs(context.Background(), []string{"wamid.none"}); err == nil {
		t.Fatal("the store answered a wrong token")
	}
}
