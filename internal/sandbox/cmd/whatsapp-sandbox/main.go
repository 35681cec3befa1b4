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
	var limit sandbox.RateLimit
	fs.Float64Var(&limit.Rate, "rate", 0, "throttle message sends to this many per second (token bucket; 0: no limit)")
	fs.IntVar(&limit.Burst, "burst", 0, "sends the -rate bucket holds (0: one second's worth)")
	fs.StringVar(&limit.RetryAfter, "retry-after", "", "Retry-After value on each -rate 429, e.g. 1 (empty: a bare 429 as gateways send)")
	fs.BoolVar(&limit.ErrorBody, "rate-error-body", false, "answer -rate 429s with the flavor's throttling error body instead of an empty one")
	replyURL := fs.String("customers-reply", "", "at the sandbox running at this base URL, let the customers named after the flags "+
		"(phone numbers or wa_ids) write to the business, which opens their 24-hour window; then exit")
	showURL := fs.String("show", "", "print what the sandbox running at this base URL received, then exit (does not start a sandbox)")
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
		return show(*showURL, out)
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
	fmt.Fprintf(w, "Look inside:   %s/ in a browser, curl %s/_sandbox/state, or whatsapp-sandbox -show %s\n", url, url, url)
	fmt.Fprintf(w, "Inject faults: curl -X POST %s/_sandbox/faults -d '{\"kind\":\"status\",\"method\":\"POST\",\"path_suffix\":\"/messages\",\"status\":429,\"retry_after\":\"1\"}'\n", url)
	fmt.Fprintf(w, "Also:          POST /_sandbox/reset, POST /_sandbox/expire-tokens, DELETE /_sandbox/media/{id}, POST /_sandbox/chaos,\n               POST /_sandbox/phone-number -d '{\"quality_rating\":\"RED\"}' (the Cloud number's fields)\n")
	fmt.Fprintf(w, "Customers:     a free-form message reaches a customer only within 24 hours of their last message; "+
		"let one write: curl -X POST %s/_sandbox/customers/16315551001/reply\n", url)
	fmt.Fprintf(w, "Throttle sends: curl -X POST %s/_sandbox/ratelimit -d '{\"rate\":20,\"burst\":20}' (GET it for accepted/rejected counts)\n", url)
	fmt.Fprintf(w, "Stop with Ctrl-C.\n")
}
