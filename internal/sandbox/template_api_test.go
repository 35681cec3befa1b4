package sandbox

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// cloudJSON sends a JSON request to the sandbox's Cloud API.
func cloudJSON(t *testing.T, s *Server, method, path, body string, header map[string]string) reply {
	t.Helper()
	h := withHeader(bearer(testToken), "Content-Type", "application/json")
	for k, v := range header {
		h[k] = v
	}
	var r *strings.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	if r == nil {
		return do(t, method, s.URL()+path, nil, h)
	}
	return do(t, method, s.URL()+path, r, h)
}

// headerHandle runs the Resumable Upload API for data and returns the handle.
func headerHandle(t *testing.T, s *Server, data string) string {
	t.Helper()
	start := cloudJSON(t, s, http.MethodPost, "/v23.0/"+DefaultAppID+"/uploads?file_name=a.png&file_type=image/png&file_length="+
		itoa64(int64(len(data))), "", nil)
	id, _ := start.json(t)["id"].(string)
	if start.status != http.StatusOK || !strings.HasPrefix(id, "upload:") {
		t.Fatalf("start upload: %d %s", start.status, start.body)
	}
	if st := cloudJSON(t, s, http.MethodGet, "/v23.0/"+id, "", nil); st.json(t)["file_offset"] != float64(0) {
		t.Fatalf("upload status before the bytes: %s", st.body)
	}
	if wrong := cloudJSON(t, s, http.MethodPost, "/v23.0/"+id, data, map[string]string{"file_offset": "5"}); wrong.status != http.StatusBadRequest {
		t.Fatalf("a wrong file_offset was taken: %d %s", wrong.status, wrong.body)
	}
	up := cloudJSON(t, s, http.MethodPost, "/v23.0/"+id, data, map[string]string{"file_offset": "0", "Authorization": "OAuth " + testToken})
	h, _ := up.json(t)["h"].(string)
	if up.status != http.StatusOK || h == "" {
		t.Fatalf("upload bytes: %d %s", up.status, up.body)
	}
	return h
}

// Template management: create (PENDING, then APPROVED after the review
// delay), a media header only with an issued handle, edit limits, delete by
// name and ID, and the 30-day hold on a deleted approved name.
func TestTemplateManagement(t *testing.T) {
	s := start(t, Options{})
	s.SetTemplateReview(TemplateReview{Delay: time.Minute})
	base := "/v23.0/" + DefaultBusinessAccountID + "/message_templates"
	create := func(name, handle string) reply {
		return cloudJSON(t, s, http.MethodPost, base, `{"name":"`+name+`","language":"en_US","category":"MARKETING","components":[`+
			`{"type":"HEADER","format":"IMAGE","example":{"header_handle":["`+handle+`"]}},`+
			`{"type":"BODY","text":"Hi {{1}}","example":{"body_text":[["Ana"]]}}]}`, nil)
	}
	if r := create("spring", "made-up"); r.status != http.StatusBadRequest || !strings.Contains(string(r.body), "header_handle") {
		t.Fatalf("a made-up handle was taken: %d %s", r.status, r.body)
	}
	r := create("spring", headerHandle(t, s, "png bytes"))
	created := r.json(t)
	id, _ := created["id"].(string)
	if r.status != http.StatusOK || created["status"] != "PENDING" || id == "" {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	if again := create("spring", headerHandle(t, s, "b")); again.status != http.StatusBadRequest || !strings.Contains(string(again.body), "already exists") {
		t.Fatalf("a second spring (en_US) was taken: %s", again.body)
	}
	edit := func() reply {
		return cloudJSON(t, s, http.MethodPost, "/v23.0/"+id, `{"components":[{"type":"BODY","text":"Hello"}]}`, nil)
	}
	if e := edit(); e.status != http.StatusBadRequest || !strings.Contains(string(e.body), "PENDING") {
		t.Fatalf("a PENDING template was edited: %d %s", e.status, e.body)
	}
	s.AdvanceClock(2 * time.Minute)
	if got := cloudJSON(t, s, http.MethodGet, "/v23.0/"+id, "", nil).json(t); got["status"] != "APPROVED" {
		t.Fatalf("after the review: %v", got)
	}
	if e := edit(); e.status != http.StatusOK {
		t.Fatalf("edit: %d %s", e.status, e.body)
	}
	s.AdvanceClock(2 * time.Minute) // approved again
	if e := edit(); e.status != http.StatusBadRequest || !strings.Contains(string(e.body), "once in 24 hours") {
		t.Fatalf("a second edit within a day: %d %s", e.status, e.body)
	}
	cat := cloudJSON(t, s, http.MethodPost, "/v23.0/"+id, `{"category":"UTILITY"}`, nil)
	if cat.status != http.StatusBadRequest || !strings.Contains(string(cat.body), "category cannot change") {
		t.Fatalf("an approved template's category changed: %d %s", cat.status, cat.body)
	}
	if d := cloudJSON(t, s, http.MethodDelete, base+"?name=spring&hsm_id="+id, "", nil); d.status != http.StatusOK {
		t.Fatalf("delete: %d %s", d.status, d.body)
	}
	if d := cloudJSON(t, s, http.MethodDelete, base+"?name=spring&hsm_id="+id, "", nil); d.status != http.StatusBadRequest {
		t.Fatalf("a second delete: %d %s", d.status, d.body)
	}
	if held := create("spring", headerHandle(t, s, "png")); held.status != http.StatusBadRequest || !strings.Contains(string(held.body), "can be used again") {
		t.Fatalf("a deleted approved name was reused at once: %d %s", held.status, held.body)
	}
	s.AdvanceClock(31 * 24 * time.Hour)
	if r := create("spring", headerHandle(t, s, "png")); r.status != http.StatusOK {
		t.Fatalf("the name after 30 days: %d %s", r.status, r.body)
	}
	list := cloudJSON(t, s, http.MethodGet, base+"?name=spring", "", nil).json(t)
	if data, _ := list["data"].([]any); len(data) != 1 {
		t.Fatalf("list by name: %v", list)
	}
	if r := cloudJSON(t, s, http.MethodGet, "/v23.0/999/message_templates", "", nil); r.status != http.StatusBadRequest {
		t.Fatalf("another business account answered: %d %s", r.status, r.body)
	}
}
