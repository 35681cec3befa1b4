package receiver

import (
	"context"
	"time"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/receiverapi"
)

// Store is where the receiver keeps what it received. Two implementations
// share one SQL code base (sqlstore.go): SQLite, a file next to one replica,
// and PostgreSQL, a database several replicas share. Every method is safe to
// call from several replicas at once on PostgreSQL.
type Store interface {
	// AcceptPosts durably records posts, and for each new one a forward to
	// each URL, in one transaction. A post whose body was recorded before (a
	// replay: WhatsApp retries the same body) is not recorded again: dup[i]
	// says so.
	AcceptPosts(ctx context.Context, posts []Post, forwardTo []string) (dup []bool, err error)
	// ProcessPosts takes up to limit posts not yet processed, applies what
	// parse finds in each and marks them processed, in one transaction.
	ProcessPosts(ctx context.Context, limit int, parse func(Post) (Facts, error)) (Processed, error)
	// ClaimForwards returns up to limit forwards due at now, and makes them
	// due again only at now+lease, so no other worker takes them meanwhile.
	ClaimForwards(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]Forward, error)
	// ForwardDone records the outcome of one attempt: delivered, or the
	// next attempt's time, or giving up.
	ForwardDone(ctx context.Context, id int64, outcome ForwardOutcome) error

	MessagesByID(ctx context.Context, ids []string) ([]receiverapi.Message, error)
	// MessagesByLabel lists messages whose callback data is label (or starts
	// with it), ordered by message ID, after the given ID.
	MessagesByLabel(ctx context.Context, label string, prefix bool, after string, limit int) ([]receiverapi.Message, error)
	// InboundSince lists inbound messages at or after since, from waIDs
	// (none: all), in the order they were stored, after the given sequence.
	InboundSince(ctx context.Context, since time.Time, waIDs []string, afterSeq int64, limit int) ([]receiverapi.Inbound, int64, error)
	// Labels counts messages per callback data and status, and failures per code.
	Labels(ctx context.Context) ([]LabelSummary, error)
	// Backlog is how many posts wait to be processed and forwards to be delivered.
	Backlog(ctx context.Context) (posts, forwards int64, err error)
	// Prune deletes what is older than before, except posts still waiting
	// to be processed or forwarded.
	Prune(ctx context.Context, before time.Time) error
	Ping(ctx context.Context) error
	Close() error
}

// Post is one webhook POST as received.
type Post struct {
	ID         int64
	Flavor     string // FlavorCloud or FlavorOnPremises
	Body       []byte
	ReceivedAt time.Time
}

// Processed counts what one ProcessPosts call stored.
type Processed struct {
	Posts           int
	Unparsable      int            // posts (or parts) the parser could not read
	StatusesStored  map[string]int // new (message ID, status) pairs, by status
	StatusesRepeat  int            // pairs already stored: WhatsApp sent them again
	InboundStored   int
	InboundRepeated int
}

// Forward is one post to pass on to one URL.
type Forward struct {
	ID         int64
	PostID     int64
	URL        string
	Attempts   int
	Body       []byte
	ReceivedAt time.Time // when the receiver got the post
}

// ForwardOutcome is how one forward attempt went.
type ForwardOutcome struct {
	Delivered bool
	GaveUp    bool
	Next      time.Time // when not delivered and not given up
	Error     string
}

// LabelSummary is one label's messages: how many reached each status (the
// highest status per message) and its failures by code.
type LabelSummary struct {
	Label    string
	ByStatus map[string]int
	Failures []FailureCount
	Total    int
}

// FailureCount is how many of a label's messages failed with one code and title.
type FailureCount struct {
	Code  int
	Title string
	Count int
}
