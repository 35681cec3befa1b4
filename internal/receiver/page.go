package receiver

import (
	_ "embed"
	"html/template"
	"net/http"
	"time"
)

//go:embed page.html
var pageHTML string

var pageTemplate = template.Must(template.New("page").Parse(pageHTML))

// page shows each broadcast's counts and failures (one row per label, the
// provider's labels by their group: page_groups.go), for people who would
// rather look than run Terraform. It is server-rendered: no script.
func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	labels, err := s.store.Labels(r.Context())
	if err != nil {
		http.Error(w, "reading the store failed: "+err.Error(), http.StatusServiceUnavailable)
		return
	}
	posts, _, err := s.store.Backlog(r.Context())
	if err != nil {
		http.Error(w, "reading the store failed: "+err.Error(), http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_ = pageTemplate.Execute(w, map[string]any{
		"Labels": broadcastRows(labels), "Backlog": posts, "Now": time.Now().UTC().Format(time.RFC3339),
	})
}
