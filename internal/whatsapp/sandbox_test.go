package whatsapp_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

var flavors = []whatsapp.Flavor{whatsapp.OnPremises, whatsapp.Cloud}

func TestSandboxLoginAndRefresh(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	log := &recLogger{}
	c := sandboxClient(t, sb, whatsapp.OnPremises, log)
	ctx := context.Background()
	id := uploadPNG(t, c, pngBytes(100))
	if sb.Logins() != 1 {
		t.Fatalf("logins = %d, want 1", sb.Logins())
	}
	if _, err := c.GetMedia(ctx, id); err != nil {
		t.Fatal(err)
	}
	if sb.Logins() != 1 {
		t.Fatalf("token not reused: logins = %d", sb.Logins())
	}

	// An expired token: one 401, one new login, the send goes through once.
	sb.ExpireTokens()
	if _, err := c.SendMediaMessage(ctx, whatsapp.MediaMessage{To: "+15551234567", Type: "image", MediaID: id}); err != nil {
		t.Fatalf("send after expiry: %v", err)
	}
	if sb.Logins() != 2 {
		t.Errorf("logins = %d, want 2", sb.Logins())
	}
	if n := len(sb.Messages()); n != 1 {
		t.Errorf("messages = %d, want 1", n)
	}
	if n := countRequests(sb, "POST", "/messages"); n != 2 {
		t.Errorf("send requests = %d, want 2 (401 then success)", n)
	}
	log.assertNoSecrets(t, sandbox.DefaultPassword, "Basic ", "Bearer")
}

// Cloud has no login: a 401 is final and says to check the token.
func TestSandboxCloudExpiredToken(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	c := sandboxClient(t, sb, whatsapp.Cloud, nil)
	sb.InjectFault(sandbox.Fault{Kind: sandbox.FaultExpireToken, PathSuffix: "/messages"})
	_, err := c.SendMediaMessage(context.Background(), whatsapp.MediaMessage{To: "15551234567", Type: "image", Link: "https://example.com/a.png"})
	var ae *whatsapp.APIError
	if !errors.As(err, &ae) || ae.HTTPStatus != 401 || ae.Code != 190 || ae.FBTraceID == "" {
		t.Fatalf("want 401/190 with fbtrace_id, got %v", err)
	}
	if whatsapp.IsOutcomeUnknown(err) || len(sb.Messages()) != 0 || sb.Logins() != 0 {
		t.Errorf("unknown=%v messages=%d logins=%d", whatsapp.IsOutcomeUnknown(err), len(sb.Messages()), sb.Logins())
	}
}

func TestSandboxConcurrentCallsShareOneLogin(t *testing.T) {
	for _, fl := range flavors {
		t.Run(string(fl), func(t *testing.T) {
			sb := startSandbox(t, sandbox.Options{})
			c := sandboxClient(t, sb, fl, nil)
			var wg sync.WaitGroup
			errs := make(chan error, 20)
			for i := 0; i < 20; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, err := c.GetMedia(context.Background(), "does-not-exist")
					if !whatsapp.IsNotFound(err) {
						errs <- err
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Errorf("want not found, got %v", err)
			}
			want := 1
			if fl == whatsapp.Cloud {
				want = 0
			}
			if sb.Logins() != want {
				t.Errorf("logins = %d, want %d", sb.Logins(), want)
			}
		})
	}
}

func TestSandboxErrorBodies(t *testing.T) {
	for _, fl := range flavors {
		t.Run(string(fl), func(t *testing.T) {
			sb := startSandbox(t, sandbox.Options{})
			c := sandboxClient(t, sb, fl, nil)
			// A link send passes the sandbox's checks; the fault answers first.
			sb.InjectFault(sandbox.Fault{Kind: sandbox.FaultStatus, PathSuffix: "/messages", Status: 400, Code: 131009, Title: "Parameter value is not valid"})
			_, err := c.SendMediaMessage(context.Background(), whatsapp.MediaMessage{To: "15551234567", Type: "image", Link: "https://example.com/a.png"})
			var ae *whatsapp.APIError
			if !errors.As(err, &ae) {
				t.Fatalf("want *APIError, got %v", err)
			}
			if ae.HTTPStatus != 400 || ae.Code != 131009 || !strings.Contains(ae.Title, "Parameter value is not valid") || ae.Details == "" {
				t.Errorf("decoded %+v", *ae)
			}
			if fl == whatsapp.Cloud && (ae.FBTraceID == "" || ae.Type == "" || !strings.Contains(err.Error(), "fbtrace_id "+ae.FBTraceID)) {
				t.Errorf("cloud fields missing: %+v / %v", *ae, err)
			}
			if countRequests(sb, "POST", "/messages") != 1 {
				t.Error("a 400 must not be retried")
			}

			// Unknown media: Cloud 100/33, On-Premises 404.
			_, err = c.GetMedia(context.Background(), "123456789")
			if !whatsapp.IsNotFound(err) {
				t.Fatalf("want not found, got %v", err)
			}
			if fl == whatsapp.Cloud {
				if !errors.As(err, &ae) || ae.Code != 100 || ae.Subcode != 33 {
					t.Errorf("want code 100 subcode 33, got %v", err)
				}
			}
		})
	}
}

func TestSandboxThrottledSendIsRetriedOnce(t *testing.T) {
	cases := []struct {
		name   string
		flavor whatsapp.Flavor
		fault  sandbox.Fault
	}{
		{"on-prem 429 retry-after", whatsapp.OnPremises, sandbox.Fault{Kind: sandbox.FaultStatus, Status: 429, RetryAfter: "1"}},
		{"cloud 429 retry-after", whatsapp.Cloud, sandbox.Fault{Kind: sandbox.FaultStatus, Status: 429, Code: 4, RetryAfter: "1"}},
		{"on-prem 503 overloaded", whatsapp.OnPremises, sandbox.Fault{Kind: sandbox.FaultStatus, Status: 503}},
		{"cloud 130429", whatsapp.Cloud, sandbox.Fault{Kind: sandbox.FaultStatus, Status: 400, Code: 130429, Times: 2}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sb := startSandbox(t, sandbox.Options{})
			c := sandboxClient(t, sb, tc.flavor, nil)
			f := tc.fault
			f.Method, f.PathSuffix = "POST", "/messages"
			sb.InjectFault(f)
			sent, err := c.SendMediaMessage(context.Background(), whatsapp.MediaMessage{To: "15551234567", Type: "image", Link: "https://example.com/a.png"})
			if err != nil {
				t.Fatalf("send: %v", err)
			}
			msgs := sb.Messages()
			if len(msgs) != 1 || msgs[0].ID != sent.ID {
				t.Fatalf("messages = %+v, want exactly the one sent (%s)", msgs, sent.ID)
			}
			want := 2
			if tc.fault.Times > 1 {
				want = tc.fault.Times + 1
			}
			if n := countRequests(sb, "POST", "/messages"); n != want {
				t.Errorf("send requests = %d, want %d", n, want)
			}
		})
	}
}

func TestSandboxServerErrorOnSendIsNotRetried(t *testing.T) {
	for _, fl := range flavors {
		t.Run(string(fl), func(t *testing.T) {
			sb := startSandbox(t, sandbox.Options{})
			c := sandboxClient(t, sb, fl, nil)
			sb.InjectFault(sandbox.Fault{Kind: sandbox.FaultStatus, Method: "POST", PathSuffix: "/messages", Status: 500, Times: 5})
			_, err := c.SendMediaMessage(context.Background(), whatsapp.MediaMessage{To: "15551234567", Type: "image", Link: "https://example.com/a.png"})
			if !whatsapp.IsOutcomeUnknown(err) {
				t.Fatalf("want outcome unknown, got %v", err)
			}
			var ae *whatsapp.APIError
			if !errors.As(err, &ae) || ae.HTTPStatus != 500 {
				t.Errorf("errors.As must find the 500 APIError in %v", err)
			}
			if n := countRequests(sb, "POST", "/messages"); n != 1 {
				t.Errorf("send requests = %d, want 1", n)
			}
		})
	}
}

func TestSandboxDropAfterSendIsNotRetried(t *testing.T) {
	for _, fl := range flavors {
		t.Run(string(fl), func(t *testing.T) {
			sb := startSandbox(t, sandbox.Options{})
			c := sandboxClient(t, sb, fl, nil)
			sb.InjectFault(sandbox.Fault{Kind: sandbox.FaultDropAfter, Method: "POST", PathSuffix: "/messages", Times: 5})
			_, err := c.SendMediaMessage(context.Background(), whatsapp.MediaMessage{To: "15551234567", Type: "image", Link: "https://example.com/a.png"})
			if !whatsapp.IsOutcomeUnknown(err) {
				t.Fatalf("want outcome unknown, got %v", err)
			}
			if n := len(sb.Messages()); n != 1 {
				t.Errorf("messages = %d, want exactly 1", n)
			}
		})
	}
}

func TestSandboxGetRetriedOnServerErrorAndDrop(t *testing.T) {
	for _, fl := range flavors {
		t.Run(string(fl), func(t *testing.T) {
			sb := startSandbox(t, sandbox.Options{})
			c := sandboxClient(t, sb, fl, nil)
			id := uploadPNG(t, c, pngBytes(64))
			sb.InjectFault(sandbox.Fault{Kind: sandbox.FaultStatus, Method: "GET", Status: 500, Times: 2})
			sb.InjectFault(sandbox.Fault{Kind: sandbox.FaultDropBefore, Method: "GET"})
			info, err := c.GetMedia(context.Background(), id)
			if err != nil {
				t.Fatalf("GET should survive 2x500 and a drop: %v", err)
			}
			if info.FileSize != 64 || info.MimeType != "image/png" {
				t.Errorf("info = %+v", info)
			}
			if fl == whatsapp.Cloud && info.SHA256 == "" {
				t.Error("cloud reports sha256")
			}
		})
	}
}

func TestSandboxUploadStreamsExactBytes(t *testing.T) {
	for _, fl := range flavors {
		t.Run(string(fl), func(t *testing.T) {
			sb := startSandbox(t, sandbox.Options{})
			c := sandboxClient(t, sb, fl, nil)
			data := pngBytes(300 << 10)
			// A plain reader of unknown size: chunked, never buffered whole.
			id, err := c.UploadMedia(context.Background(), whatsapp.Upload{
				Body: io.MultiReader(bytes.NewReader(data)), Size: -1, ContentType: "image/png", Filename: `my "pixel".png`,
			})
			if err != nil {
				t.Fatalf("upload: %v", err)
			}
			m, ok := sb.MediaByID(id)
			if !ok {
				t.Fatalf("sandbox has no media %s", id)
			}
			if !bytes.Equal(m.Data, data) {
				t.Errorf("stored %d bytes, want exactly the %d sent", len(m.Data), len(data))
			}
			if m.ContentType != "image/png" {
				t.Errorf("content type = %q", m.ContentType)
			}
			if fl == whatsapp.Cloud && m.Filename != `my "pixel".png` {
				t.Errorf("filename = %q", m.Filename)
			}

			// Round trip through OpenMedia.
			rc, info, err := c.OpenMedia(context.Background(), id)
			if err != nil {
				t.Fatalf("open: %v", err)
			}
			got, err := io.ReadAll(rc)
			_ = rc.Close()
			if err != nil || !bytes.Equal(got, data) {
				t.Errorf("downloaded %d bytes (err %v), want %d", len(got), err, len(data))
			}
			if info.MimeType != "image/png" {
				t.Errorf("open info = %+v", info)
			}

			// Delete, then gone both ways.
			if err := c.DeleteMedia(context.Background(), id); err != nil {
				t.Fatalf("delete: %v", err)
			}
			if _, err := c.GetMedia(context.Background(), id); !whatsapp.IsNotFound(err) {
				t.Errorf("get after delete: want not found, got %v", err)
			}
			if err := c.DeleteMedia(context.Background(), id); !whatsapp.IsNotFound(err) {
				t.Errorf("delete twice: want not found, got %v", err)
			}
		})
	}
}

func TestSandboxUploadRefusedType(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	c := sandboxClient(t, sb, whatsapp.Cloud, nil)
	_, err := c.UploadMedia(context.Background(), whatsapp.Upload{Body: strings.NewReader("hello"), Size: 5, ContentType: "application/x-nope", Filename: "x.bin"})
	var ae *whatsapp.APIError
	if !errors.As(err, &ae) || ae.HTTPStatus != 400 || whatsapp.IsOutcomeUnknown(err) {
		t.Fatalf("want a plain 400, got %v", err)
	}
}

func TestSandboxSendExactJSON(t *testing.T) {
	cases := []struct {
		name   string
		flavor whatsapp.Flavor
		msg    whatsapp.MediaMessage
		want   string
	}{
		{"on-prem id", whatsapp.OnPremises,
			whatsapp.MediaMessage{To: "15551234567", Type: "document", MediaID: "MEDIA", Filename: "a.pdf"},
			`{"recipient_type":"individual","to":"15551234567","type":"document","document":{"id":"MEDIA","filename":"a.pdf"}}`},
		{"on-prem link provider", whatsapp.OnPremises,
			whatsapp.MediaMessage{To: "15551234567", Type: "image", Link: "https://cdn.example.com/a.png", Caption: "hi", LinkProvider: "cdn"},
			`{"recipient_type":"individual","to":"15551234567","type":"image","image":{"link":"https://cdn.example.com/a.png","caption":"hi","provider":{"name":"cdn"}}}`},
		{"cloud link", whatsapp.Cloud,
			whatsapp.MediaMessage{To: "+1 (555) 123-4567", Type: "video", Link: "https://cdn.example.com/a.mp4", Caption: "watch"},
			`{"messaging_product":"whatsapp","recipient_type":"individual","to":"15551234567","type":"video","video":{"link":"https://cdn.example.com/a.mp4","caption":"watch"}}`},
		{"cloud audio", whatsapp.Cloud,
			whatsapp.MediaMessage{To: "15551234567", Type: "audio", Link: "https://cdn.example.com/a.ogg"},
			`{"messaging_product":"whatsapp","recipient_type":"individual","to":"15551234567","type":"audio","audio":{"link":"https://cdn.example.com/a.ogg"}}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sb := startSandbox(t, sandbox.Options{})
			c := sandboxClient(t, sb, tc.flavor, nil)
			if tc.msg.LinkProvider != "" {
				sb.PutMediaProvider(sandbox.MediaProvider{Name: tc.msg.LinkProvider, Type: "www", Bearer: "cdn-token"})
			}
			if tc.msg.MediaID == "MEDIA" {
				tc.msg.MediaID = uploadPDF(t, c)
				tc.want = strings.Replace(tc.want, "MEDIA", tc.msg.MediaID, 1)
			}
			sent, err := c.SendMediaMessage(context.Background(), tc.msg)
			if err != nil {
				t.Fatalf("send: %v", err)
			}
			if sent.ID == "" {
				t.Error("no message id")
			}
			if tc.flavor == whatsapp.Cloud && sent.WaID == "" {
				t.Error("cloud returns wa_id")
			}
			msgs := sb.Messages()
			if len(msgs) != 1 {
				t.Fatalf("messages = %d", len(msgs))
			}
			var got, want any
			if err := json.Unmarshal(msgs[0].Body, &got); err != nil {
				t.Fatal(err)
			}
			_ = json.Unmarshal([]byte(tc.want), &want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("body\n got %s\nwant %s", msgs[0].Body, tc.want)
			}
		})
	}
}

func TestSendRejectsBadShapesLocally(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	cloud := sandboxClient(t, sb, whatsapp.Cloud, nil)
	for _, m := range []whatsapp.MediaMessage{
		{To: "1", Type: "image"},
		{To: "1", Type: "image", MediaID: "a", Link: "https://x"},
		{To: "1", Type: "text", MediaID: "a"},
		{To: "", Type: "image", MediaID: "a"},
		{To: "1", Type: "image", Link: "https://x", LinkProvider: "cdn"}, // provider is On-Premises only
	} {
		if _, err := cloud.SendMediaMessage(context.Background(), m); err == nil {
			t.Errorf("%+v: want a local error", m)
		}
	}
	if len(sb.Requests()) != 0 {
		t.Errorf("bad shapes must not reach the API: %+v", sb.Requests())
	}
}

func TestSandboxMediaProviders(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	c := sandboxClient(t, sb, whatsapp.OnPremises, nil)
	ctx := context.Background()

	list, err := c.ListMediaProviders(ctx)
	if err != nil || len(list) != 0 {
		t.Fatalf("empty list: %v %v", list, err)
	}
	if err := c.SetMediaProvider(ctx, whatsapp.MediaProvider{Name: "cdn", Bearer: "tok"}); err != nil {
		t.Fatal(err)
	}
	if err := c.SetMediaProvider(ctx, whatsapp.MediaProvider{Name: "basic_one", BasicUsername: "u", BasicPassword: "p"}); err != nil {
		t.Fatal(err)
	}
	p, err := c.GetMediaProvider(ctx, "basic_one")
	if err != nil || p.BasicUsername != "u" || p.BasicPassword != "p" || p.Type != "www" {
		t.Fatalf("get: %+v %v", p, err)
	}
	// Overwrite by name.
	if err := c.SetMediaProvider(ctx, whatsapp.MediaProvider{Name: "cdn", Bearer: "tok2"}); err != nil {
		t.Fatal(err)
	}
	if p, err := c.GetMediaProvider(ctx, "cdn"); err != nil || p.Bearer != "tok2" {
		t.Fatalf("overwrite: %+v %v", p, err)
	}
	if err := c.DeleteMediaProvider(ctx, "cdn"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetMediaProvider(ctx, "cdn"); !whatsapp.IsNotFound(err) {
		t.Errorf("get deleted: want not found, got %v", err)
	}
	if got := sb.MediaProviders(); len(got) != 1 || got[0].Name != "basic_one" {
		t.Errorf("sandbox providers = %+v", got)
	}

	cloud := sandboxClient(t, sb, whatsapp.Cloud, nil)
	if _, err := cloud.ListMediaProviders(ctx); err == nil || !strings.Contains(err.Error(), "only on the On-Premises API") {
		t.Errorf("cloud list: %v", err)
	}
	if err := cloud.SetMediaProvider(ctx, whatsapp.MediaProvider{Name: "x", Bearer: "y"}); err == nil {
		t.Error("cloud set must fail")
	}
}

// A BSP-style static key in its own header, never a login.
func TestSandboxStaticAuthHeader(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{AuthHeader: "D360-API-KEY"})
	cfg := fastConfig(whatsapp.OnPremises, sb.URL())
	cfg.AuthHeader = "D360-API-KEY"
	c := mustNew(t, cfg)
	if _, err := c.ListMediaProviders(context.Background()); err != nil {
		t.Fatal(err)
	}
	if sb.Logins() != 0 {
		t.Errorf("logins = %d, want 0", sb.Logins())
	}
}
