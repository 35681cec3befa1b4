package provider

import (
	"sync"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// Some apply-time warnings say the same thing for every resource of a kind
// (destroying a message: "recipients keep them"). The CLI folds repeated
// warnings only when they point at the configuration, and a destroyed
// resource's warnings do not, so destroying 100 messages would print 100
// identical boxes. Such a warning is shown once per run instead.
//
// Once per run is once per configured client: Terraform configures the
// provider afresh for each plan and each apply, and every Configure makes a
// new client. The set keeps one small entry per Configure for the life of the
// process, which is one Terraform command.
var shownThisRun sync.Map // onceKey -> struct{}

type onceKey struct {
	client *whatsapp.Client
	key    string
}

// firstThisRun reports whether key is new for the run client belongs to: true
// for the first call, false for every later one, whichever goroutine wins.
func firstThisRun(client *whatsapp.Client, key string) bool {
	_, seen := shownThisRun.LoadOrStore(onceKey{client, key}, struct{}{})
	return !seen
}
