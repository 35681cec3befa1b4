// Command whatsapp-sandbox runs the WhatsApp Business API sandbox by hand:
// both API flavors on one loopback address, for trying the provider without
// an account and for the quickstart.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "whatsapp-sandbox:", err)
		os.Exit(1)
	}
}

// run serves until ctx ends (SIGINT or SIGTERM in main).
func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("whatsapp-sandbox", flag.ContinueOnError)
	var opts sandbox.Options
	fs.StringVar(&opts.Addr, "addr", "127.0.0.1:8089", "listen address (port 0 picks a free one)")
	fs.StringVar(&opts.Username, "username", sandbox.DefaultUsername, "On-Premises login username")
	fs.StringVar(&opts.Password, "password", sandbox.DefaultPassword, "On-Premises login password")
	fs.StringVar(&opts.AccessToken, "access-token", sandbox.DefaultAccessToken, "Cloud access token, also a static On-Premises token")
	fs.StringVar(&opts.PhoneNumberID, "phone-number-id", sandbox.DefaultPhoneNumberID, "Cloud phone number ID")
	fs.StringVar(&opts.AuthHeader, "auth-header", "", "also accept the access token raw in this header on On-Premises (BSP style, e.g. D360-API-KEY)")
	fs.DurationVar(&opts.TokenTTL, "token-ttl", sandbox.DefaultTokenTTL, "On-Premises login token lifetime")
	fs.BoolVar(&opts.DiscardMediaBytes, "discard-media-bytes", false, "keep only size and hash of uploads (for large upload benchmarks)")
	fs.BoolVar(&opts.Strict, "strict", false, "also refuse Cloud requests that break Meta's OpenAPI patterns the real API does not enforce (User-Agent, phone number ID): for testing a client's conformance")
	var limit sandbox.RateLimit
	fs.Float64Var(&limit.Rate, "rate", 0, "throttle message sends to this many per second (token bucket; 0: no limit)")
	fs.IntVar(&limit.Burst, "burst", 0, "sends the -rate bucket holds (0: one second's worth)")
	fs.StringVar(&limit.RetryAfter, "retry-after", "", "Retry-After value on each -rate 429, e.g. 1 (empty: a bare 429 as gateways send)")
	fs.BoolVar(&limit.ErrorBody, "rate-error-body", false, "answer -rate 429s with the flavor's throttling error body instead of an empty one")
	replyURL := fs.String("customers-reply", "", "at the sandbox running at this base URL, let the customers named after the flags "+
		"(phone numbers or wa_ids) write to the business, which opens their 24-hour window; then exit")
	fs.StringVar(&opts.AppSecret, "app-secret", envOr(appSecretEnv, sandbox.DefaultAppSecret),
		"app secret that signs Cloud webhook payloads (X-Hub-Signature-256); also $"+appSecretEnv)
	fs.StringVar(&opts.WebhookURL, "webhook-url", "", "the Cloud app's callback URL, where statuses go when the phone number has no override")
	fs.DurationVar(&opts.Statuses.Sent, "sent-after", sandbox.DefaultStatusSchedule.Sent, "each accepted message is sent after this long (statuses go to the webhook)")
	fs.DurationVar(&opts.Statuses.Delivered, "delivered-after", sandbox.DefaultStatusSchedule.Delivered, "each message that reaches its recipient is delivered after this long")
	fs.DurationVar(&opts.Statuses.Read, "read-after", sandbox.DefaultStatusSchedule.Read, "each delivered message is read after this long (counted from acceptance)")
	fs.BoolVar(&opts.Statuses.NoRead, "no-read", false, "recipients never read messages: statuses stop at delivered")
	showURL := fs.String("show", "", "print what the sandbox running at this base URL received, then exit (does not start a sandbox)")
	showWait := fs.Duration("wait", 0, "with -show: first wait up to this long until every accepted message has its final status "+
		"(delivered or failed), as statuses arrive after the send (0: print at once)")
	urlFile := fs.String("url-file", "", "write the base URL to this file once listening (scripts wait on it); removed on exit")
	fs.BoolVar(&opts.TLS, "tls", false, "serve https with a certificate from a CA made for this run (see -ca-cert-file)")
	caFile := fs.String("ca-cert-file", "", "with -tls: write the CA certificate (PEM) here, for the provider's ca_cert_pem; removed on exit")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil // -h printed the usage; that is a success
		}
		return err
	}
	if *replyURL != "" {
		return customersReply(*replyURL, fs.Args(), out) // show.go
	}
	if *showURL != "" {
		return show(*showURL, *showWait, out)
	}

	if *caFile != "" && !opts.TLS {
		return errors.New("-ca-cert-file needs -tls: without it the sandbox serves plain http and has no CA")
	}
	srv, err := sandbox.New(opts)
	if err != nil {
		return err
	}
	defer srv.Close()
	if err := writeCACert(*caFile, srv.CACertPEM()); err != nil { // tls_flags.go
		return err
	}
	defer removeCACert(*caFile)
	if err := srv.SetRateLimit(limit); err != nil {
		return fmt.Errorf("-rate/-burst/-retry-after: %w", err)
	}
	printHowTo(out, srv.URL(), srv.EffectiveOptions())
	printTLSHowTo(out, opts.TLS, *caFile)

	if *urlFile != "" {
		if err := writeAtomically(*urlFile, srv.URL()+"\n"); err != nil {
			return fmt.Errorf("write -url-file: %w", err)
		}
		defer func() { _ = os.Remove(*urlFile) }() // best effort: the file only points at this run
	}

	<-ctx.Done()
	fmt.Fprintln(out, "whatsapp-sandbox: stopping")
	return nil
}

// appSecretEnv sets -app-secret, so a secret need not be on the command line.
const appSecretEnv = "WHATSAPP_SANDBOX_APP_SECRET"

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

// writeAtomically renames a finished temp file into place, so a script that
// polls for the file never reads half a URL.
func writeAtomically(path, content string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".whatsapp-sandbox-url-*")
	if err != nil {
		return err
	}
	if _, err := tmp.WriteString(content); err != nil {
		_ = tmp.Close()
		_ = os.Remove(tmp.Name()) // the write error is the one worth reporting
		return err
	}
	if err := tmp.Close(); err != nil {
		_ = os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func printHowTo(w io.Writer, url string, o sandbox.Options) {
	fmt.Fprintf(w, "WhatsApp API sandbox listening on %s\n", url)
	if o.Strict {
		fmt.Fprintf(w, "Strict: Cloud requests must also match Meta's OpenAPI patterns for User-Agent and phone number ID.\n")
	}
	fmt.Fprintf(w, "Inbox (what each recipient would see): %s/\n\n", url)
	fmt.Fprintf(w, "Provider settings as environment variables, for an empty provider \"whatsapp\" {} block:\n")
	fmt.Fprintf(w, "  Cloud API:\n")
	fmt.Fprintf(w, "    export WHATSAPP_API=cloud WHATSAPP_BASE_URL=%s WHATSAPP_PHONE_NUMBER_ID=%s WHATSAPP_ACCESS_TOKEN=%s\n",
		url, o.PhoneNumberID, o.AccessToken)
	fmt.Fprintf(w, "    export WHATSAPP_BUSINESS_ACCOUNT_ID=%s WHATSAPP_APP_ID=%s   # for whatsapp_message_template\n",
		o.BusinessAccountID, o.AppID)
	fmt.Fprintf(w, "  On-Premises API:\n")
	fmt.Fprintf(w, "    export WHATSAPP_API=on_premises WHATSAPP_BASE_URL=%s WHATSAPP_USERNAME=%s WHATSAPP_PASSWORD=%s WHATSAPP_TEMPLATE_NAMESPACE=%s\n\n",
		url, o.Username, o.Password, o.TemplateNamespace)
	fmt.Fprintf(w, "The same in HCL.\nCloud API:\n")
	fmt.Fprintf(w, "  provider \"whatsapp\" {\n")
	fmt.Fprintf(w, "    api             = \"cloud\"\n")
	fmt.Fprintf(w, "    base_url        = %q\n", url)
	fmt.Fprintf(w, "    api_version     = \"v23.0\"\n")
	fmt.Fprintf(w, "    phone_number_id = %q\n", o.PhoneNumberID)
	fmt.Fprintf(w, "    access_token    = %q\n", o.AccessToken)
	fmt.Fprintf(w, "  }\n\n")
	fmt.Fprintf(w, "On-Premises API (log in with username/password, or use access_token as a static token):\n")
	fmt.Fprintf(w, "  provider \"whatsapp\" {\n")
	fmt.Fprintf(w, "    api      = \"on_premises\"\n")
	fmt.Fprintf(w, "    base_url = %q\n", url)
	fmt.Fprintf(w, "    username = %q\n", o.Username)
	fmt.Fprintf(w, "    password = %q\n", o.Password)
	if o.AuthHeader != "" {
		fmt.Fprintf(w, "    # or: access_token = %q and auth_header = %q\n", o.AccessToken, o.AuthHeader)
	}
	fmt.Fprintf(w, "  }\n\n")
	fmt.Fprintf(w, "Statuses (sent, delivered, read; failed for numbers and links marked in POST /_sandbox/world) and the messages customers write go to the webhook:\n")
	fmt.Fprintf(w, "  Cloud payloads are signed with X-Hub-Signature-256 using the app secret %q\n", o.AppSecret)
	if o.WebhookURL != "" {
		fmt.Fprintf(w, "  Cloud app callback URL: %s (a whatsapp_webhook resource overrides it per phone number)\n", o.WebhookURL)
	} else {
		fmt.Fprintf(w, "  Set the URL with -webhook-url, a whatsapp_webhook resource, or: curl -X POST %s/_sandbox/webhooks -d '{\"cloud_app_url\":\"http://127.0.0.1:9000/hook\"}'\n", url)
		fmt.Fprintf(w, "  (a customer who writes before it is set reaches nobody, as on WhatsApp)\n")
	}
	fmt.Fprintf(w, "  See them: curl %s/_sandbox/statuses, or whatsapp-sandbox -show %s\n\n", url, url)
	fmt.Fprintf(w, "Look inside:   %s/ in a browser, curl %s/_sandbox/state, or whatsapp-sandbox -show %s\n", url, url, url)
	fmt.Fprintf(w, "Inject faults: curl -X POST %s/_sandbox/faults -d '{\"kind\":\"status\",\"method\":\"POST\",\"path_suffix\":\"/messages\",\"status\":429,\"retry_after\":\"1\"}'\n", url)
	fmt.Fprintf(w, "Also:          POST /_sandbox/reset, POST /_sandbox/expire-tokens, DELETE /_sandbox/media/{id}, POST /_sandbox/chaos,\n               POST /_sandbox/phone-number -d '{\"quality_rating\":\"RED\"}' (the Cloud number's fields)\n")
	fmt.Fprintf(w, "Customers:     a free-form message reaches a customer only within 24 hours of their last message; "+
		"let one write: curl -X POST %s/_sandbox/customers/16315551001/reply\n", url)
	fmt.Fprintf(w, "Throttle sends: curl -X POST %s/_sandbox/ratelimit -d '{\"rate\":20,\"burst\":20}' (GET it for accepted/rejected counts)\n", url)
	fmt.Fprintf(w, "Stop with Ctrl-C.\n")
}
