package main

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider"
)

// TestSameSchemaAsTheMessage keeps the yardstick honest: noop_message has
// whatsapp_media_message's attributes, with the same types and the same
// required, optional and computed flags, so `make bench` compares the work
// per message and not the size of two schemas. Only this test imports the
// provider; the yardstick itself imports none of its code.
func TestSameSchemaAsTheMessage(t *testing.T) {
	ctx := context.Background()
	var want, got resource.SchemaResponse
	provider.NewMediaMessageResource().Schema(ctx, resource.SchemaRequest{}, &want)
	message{}.Schema(ctx, resource.SchemaRequest{}, &got)
	for name, w := range want.Schema.Attributes {
		g, ok := got.Schema.Attributes[name]
		if !ok {
			t.Errorf("noop_message has no %q", name)
			continue
		}
		if !g.GetType().Equal(w.GetType()) || g.IsRequired() != w.IsRequired() || g.IsOptional() != w.IsOptional() ||
			g.IsComputed() != w.IsComputed() {
			t.Errorf("%q: noop_message has %s (required %v, optional %v, computed %v), the message %s (%v, %v, %v)", name,
				g.GetType(), g.IsRequired(), g.IsOptional(), g.IsComputed(), w.GetType(), w.IsRequired(), w.IsOptional(), w.IsComputed())
		}
	}
	for name := range got.Schema.Attributes {
		if _, ok := want.Schema.Attributes[name]; !ok {
			t.Errorf("noop_message has %q, which whatsapp_media_message does not", name)
		}
	}
}
