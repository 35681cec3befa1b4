package provider

import "time"

// timestamp is how the state keeps a time (sent_at, a delivery's sent_at):
// RFC 3339 in UTC.
func timestamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
