// Command whatsapp-receiver is the webhook receiver (internal/receiver): point
// a phone number's webhook at it (whatsapp_webhook) and it keeps WhatsApp's
// statuses and inbound messages in SQLite or PostgreSQL, for the provider and
// for people. Secrets come from the environment, so they stay off the
// command line: see -h.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/receiver"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "whatsapp-receiver:", err)
		os.Exit(1)
	}
}

// Environment variables; each flag of the same meaning overrides its variable.
const (
	envDatabase     = "WHATSAPP_RECEIVER_DATABASE"
	envAppSecret    = "WHATSAPP_RECEIVER_APP_SECRET"
	envVerifyToken  = "WHATSAPP_RECEIVER_VERIFY_TOKEN"
	envReadToken    = "WHATSAPP_RECEIVER_READ_TOKEN"
	envOnPremToken  = "WHATSAPP_RECEIVER_ON_PREMISES_TOKEN"
	envForwardURLs  = "WHATSAPP_RECEIVER_FORWARD_URLS" // comma-separated
	envForwardToken = "WHATSAPP_RECEIVER_FORWARD_SECRET"
)

type urlList []string

func (l *urlList) String() string { return strings.Join(*l, ",") }
func (l *urlList) Set(v string) error {
	*l = append(*l, v)
	return nil
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("whatsapp-receiver", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8090", "listen address (port 0 picks a free one); put TLS in front (Meta requires https)")
	database := fs.String("database", envOr(envDatabase, "sqlite:whatsapp-receiver.db"),
		"sqlite:<file> (one replica) or postgres://user:pass@host/db (several replicas); also $"+envDatabase)
	var cfg receiver.Config
	cfg.AppSecret = os.Getenv(envAppSecret)
	cfg.VerifyToken = os.Getenv(envVerifyToken)
	cfg.ReadToken = os.Getenv(envReadToken)
	cfg.OnPremisesToken = os.Getenv(envOnPremToken)
	cfg.ForwardSecret = os.Getenv(envForwardToken)
	fs.StringVar(&cfg.AppSecret, "app-secret", cfg.AppSecret, "Meta app secret: checks X-Hub-Signature-256 on Cloud posts (prefer $"+envAppSecret+")")
	fs.StringVar(&cfg.VerifyToken, "verify-token", cfg.VerifyToken, "the verify token Meta's challenge carries (whatsapp_webhook's verify_token_wo; prefer $"+envVerifyToken+")")
	fs.StringVar(&cfg.ReadToken, "read-token", cfg.ReadToken, "bearer token of the read API and the page (prefer $"+envReadToken+")")
	fs.StringVar(&cfg.OnPremisesToken, "on-premises-token", cfg.OnPremisesToken,
		"On-Premises posts (unsigned) must carry this as the last path segment of /webhook/on-premises/<token>, a bearer token or the Basic password (prefer $"+envOnPremToken+")")
	var forward urlList
	if v := os.Getenv(envForwardURLs); v != "" {
		for _, u := range strings.Split(v, ",") {
			if u = strings.TrimSpace(u); u != "" {
				forward = append(forward, u)
			}
		}
	}
	fs.Var(&forward, "forward", "pass every post on to this URL, re-signed with the forward secret (repeatable; also $"+envForwardURLs+", comma-separated)")
	fs.StringVar(&cfg.ForwardSecret, "forward-secret", cfg.ForwardSecret, "signs forwarded posts' X-Hub-Signature-256 (prefer $"+envForwardToken+")")
	fs.DurationVar(&cfg.ForwardRetry.Min, "forward-retry-min", receiver.DefaultForwardRetry.Min, "first wait before retrying a consumer; it doubles")
	fs.DurationVar(&cfg.ForwardRetry.Max, "forward-retry-max", receiver.DefaultForwardRetry.Max, "longest wait between retries of a consumer")
	fs.DurationVar(&cfg.ForwardRetry.GiveUp, "forward-give-up", receiver.DefaultForwardRetry.GiveUp, "stop retrying a post this long after it arrived")
	fs.Int64Var(&cfg.MaxBody, "max-body", receiver.DefaultMaxBody, "largest post body in bytes; larger is refused with 413 (Meta documents posts of up to 3 MB)")
	fs.DurationVar(&cfg.Retention, "retention", receiver.DefaultRetention, "keep posts, statuses and inbound messages this long (at least 192h: WhatsApp retries for 7 days)")
	fs.DurationVar(&cfg.ProcessEvery, "process-every", 500*time.Millisecond, "how often to look for posts other replicas stored")
	urlFile := fs.String("url-file", "", "write the base URL here once listening (scripts wait on it); removed on exit")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	cfg.Forward = forward
	cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))

	openCtx, cancel := context.WithTimeout(ctx, time.Minute)
	store, err := receiver.Open(openCtx, *database)
	cancel()
	if err != nil {
		return err
	}
	defer func() { _ = store.Close() }()
	cfg.Store = store
	srv, err := receiver.New(cfg)
	if err != nil {
		return err
	}
	defer srv.Close()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	base := "http://" + ln.Addr().String()
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute, IdleTimeout: 2 * time.Minute}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	fmt.Fprintf(out, "whatsapp-receiver listening on %s (store: %s)\n", base, storeKind(*database))
	fmt.Fprintf(out, "  Cloud webhook:       %s%s\n", base, receiver.PathWebhook)
	if cfg.OnPremisesToken != "" {
		fmt.Fprintf(out, "  On-Premises webhook: %s%s/<on-premises token>\n", base, receiver.PathOnPremisesWebhook)
	} else {
		fmt.Fprintf(out, "  On-Premises webhook: off (set %s to take a gateway's posts)\n", envOnPremToken)
	}
	fmt.Fprintf(out, "  read API and page:   %s/ (bearer: the read token), metrics %s%s\n", base, base, receiver.PathMetrics)
	if *urlFile != "" {
		if err := writeAtomically(*urlFile, base+"\n"); err != nil {
			return fmt.Errorf("write -url-file: %w", err)
		}
		defer func() { _ = os.Remove(*urlFile) }()
	}
	select {
	case <-ctx.Done():
	case err := <-errc:
		return err
	}
	fmt.Fprintln(out, "whatsapp-receiver: stopping")
	shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return hs.Shutdown(shutCtx)
}

func storeKind(db string) string {
	if strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://") {
		return "PostgreSQL"
	}
	return "SQLite " + strings.TrimPrefix(db, "sqlite:")
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func writeAtomically(path, content string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".whatsapp-receiver-url-*")
	if err != nil {
		return err
	}
	if _, err := tmp.WriteString(content); err != nil {
		_ = tmp.Close()
		_ = os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		_ = os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}
