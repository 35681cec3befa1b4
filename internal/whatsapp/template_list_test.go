package whatsapp_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// TestListTemplatesFollowsPages: a business account with more templates than
// one page holds is read whole, page by page along paging.next, each
// template once.
func TestListTemplatesFollowsPages(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	for i := range 230 {
		sb.PutTemplate(sandbox.MessageTemplate{Name: fmt.Sprintf("note_%03d", i), Language: "en_US", Category: "UTILITY",
			Components: []sandbox.TemplateComponent{{Type: "BODY", Text: "A note."}}})
	}
	cfg := fastConfig(whatsapp.Cloud, sb.URL())
	cfg.BusinessAccountID = sandbox.DefaultBusinessAccountID
	c := mustNew(t, cfg)
	got, err := c.ListTemplates(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, tm := range got {
		if seen[tm.ID] {
			t.Errorf("template %s (%s) listed twice", tm.Name, tm.ID)
		}
		seen[tm.ID] = true
	}
	if len(got) != 231 || got[0].Name != "welcome_kit" || got[230].Name != "note_229" {
		t.Fatalf("listed %d templates (first %q), want 231: welcome_kit, then note_000 to note_229", len(got), got[0].Name)
	}
	if n := countRequests(sb, "GET", "/message_templates"); n != 3 {
		t.Errorf("%d list requests for 231 templates at 100 a page, want 3", n)
	}
}

// TestTemplatesNamedFollowsPages: the plan's template check reads every
// page of a name's languages, so one past the first page is found, not left
// to the send; past its bound of pages it says there may be more.
func TestTemplatesNamedFollowsPages(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	put := func(language string) {
		sb.PutTemplate(sandbox.MessageTemplate{Name: "welcome_kit", Language: language, Category: "UTILITY",
			Components: []sandbox.TemplateComponent{{Type: "BODY", Text: "Hello."}}})
	}
	for i := range 130 {
		put(fmt.Sprintf("x%03d", i))
	}
	put("pt_BR") // the 132nd language of the name: on the second page
	cfg := fastConfig(whatsapp.Cloud, sb.URL())
	cfg.BusinessAccountID = sandbox.DefaultBusinessAccountID
	c := mustNew(t, cfg)
	got, err := c.TemplatesNamed(context.Background(), "welcome_kit")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Templates) != 132 || got.Templates[131].Language != "pt_BR" || got.More {
		t.Fatalf("read %d languages (more: %v), want 132 ending in pt_BR and no more", len(got.Templates), got.More)
	}
	if n := countRequests(sb, "GET", "/message_templates"); n != 2 {
		t.Errorf("%d list requests for 132 languages at 100 a page, want 2", n)
	}

	for i := 130; i < 1000; i++ {
		put(fmt.Sprintf("x%03d", i))
	}
	got, err = c.TemplatesNamed(context.Background(), "welcome_kit")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Templates) != 1000 || !got.More {
		t.Fatalf("read %d languages (more: %v) of 1,002, want the first 1,000 (ten pages) and more", len(got.Templates), got.More)
	}
}
