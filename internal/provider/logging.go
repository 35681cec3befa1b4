package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// maskingLogger routes the client's per-request log entries to tflog. The client
// never logs secrets itself; masking them again here, on every entry, is the
// second line of defence, because masking set on the Configure context does not
// carry over to the contexts of later resource calls.
type maskingLogger struct {
	secrets []string
}

func (l maskingLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	if len(l.secrets) > 0 {
		ctx = tflog.MaskAllFieldValuesStrings(ctx, l.secrets...)
		ctx = tflog.MaskMessageStrings(ctx, l.secrets...)
	}
	tflog.Debug(ctx, msg, fields)
}
