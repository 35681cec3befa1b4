package sendlog

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// Message is what decides whether two sends are the same message: who sends
// (the account: a send through another API or phone number is another
// message), to whom (the canonical recipient), what the recipient gets and
// the triggers that ask for a new send. Two sends with equal fields are one
// message sent twice.
type Message struct {
	Account   string            `json:"account"`
	Recipient string            `json:"recipient"`
	Content   map[string]string `json:"content"`
	Triggers  map[string]string `json:"triggers"`
	// Parameters are the recipient's own template values (a broadcast's
	// recipient_parameters), empty for a message every recipient shares.
	// Left out of the JSON when empty, so the key of every send made before
	// it existed stays the same; left out of Group, like Recipient.
	Parameters string `json:"parameters,omitempty"`
}

// Key is a digest of m: the record keeps it instead of the content itself
// (a caption or a link has no business in a file beside the configuration).
func (m Message) Key() string {
	data, _ := json.Marshal(m) // strings and maps of strings: cannot fail; map keys are sorted
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
