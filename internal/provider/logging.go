package provider

import (
	"context"
	"net/url"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
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

// withLogFields returns ctx with the fields that identify one API call (the
// recipient, the media, the media provider's name) set on it, so the call's
// own DEBUG line and the client's per-request line both name what the call
// was about. keysAndValues alternate; empty values are left out as noise.
// Never pass a secret here: fields are not masked by the provider's own lines.
func withLogFields(ctx context.Context, keysAndValues ...string) context.Context {
	for i := 0; i+1 < len(keysAndValues); i += 2 {
		if keysAndValues[i+1] != "" {
			ctx = tflog.SetField(ctx, keysAndValues[i], keysAndValues[i+1])
		}
	}
	return ctx
}

// linkHost is the host of a media link, for logs: the full URL may carry a
// signature or token in its query.
func linkHost(link string) string {
	if link == "" {
		return ""
	}
	u, err := url.Parse(link)
	if err != nil {
		return "(unparsable)"
	}
	return u.Host
}

// withSendFields names a send on its log lines and the client's request
// lines: who it goes to (keysAndValues: the recipient, or the broadcast) and
// its media. Only the link's host: a signed URL's query can carry access.
func withSendFields(ctx context.Context, m whatsapp.MediaMessage, keysAndValues ...string) context.Context {
	return withLogFields(ctx, append(keysAndValues, "message_type", m.Type, "media_id", m.MediaID,
		"link_host", linkHost(m.Link), "link_provider", m.LinkProvider)...)
}
