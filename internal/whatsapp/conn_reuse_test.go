package whatsapp_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// Terraform sends from up to -parallelism resources at once. Each of them must
// find a kept-alive connection for its next send instead of dialing anew:
// net/http keeps only 2 idle connections per host unless told otherwise, so
// ten parallel senders would close and reopen connections all the time.
func TestParallelSendsReuseConnections(t *testing.T) {
	var dials atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, sendOK)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			dials.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	c := mustNew(t, fastConfig(whatsapp.Cloud, srv.URL))
	// Rounds of parallel sends, each round waiting for the last: between
	// rounds every connection is idle at once, as between Terraform's waves of
	// resources, and only a pool as large as the parallelism keeps them all.
	const workers, each = 10, 30
	for i := 0; i < each; i++ {
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := c.SendMediaMessage(context.Background(), imageMsg); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
	}
	// net/http may dial a connection for a waiting request and then hand it
	// an idle one that freed up first, keeping the new one too: a few more
	// than one per sender is normal. Without the larger idle pool (2 per
	// host) the senders redial for most sends.
	if n := dials.Load(); n > 2*workers {
		t.Fatalf("%d connections opened for %d sends from %d parallel senders, want at most %d", n, workers*each, workers, 2*workers)
	}
}
