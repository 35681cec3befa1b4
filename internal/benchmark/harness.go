package main

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// bench holds what every row shares: one sandbox on loopback whose sent bytes
// are counted, a work directory and the CLI configuration.
type bench struct {
	c       config
	sb      *sandbox.Server
	srv     *http.Server
	url     string
	sent    atomic.Int64 // bytes the sandbox wrote to its connections
	work    string
	cliConf string
	lastCPU float64 // user+system seconds of the last tf run, the provider processes included
}

func newBench(c config) (*bench, error) {
	for _, bin := range []string{filepath.Join(c.providerDir, "terraform-provider-whatsapp"), filepath.Join(c.noopDir, "terraform-provider-noop")} {
		if _, err := os.Stat(bin); err != nil {
			return nil, fmt.Errorf("%w (scripts/bench.sh builds it)", err)
		}
	}
	// Not Strict: the benchmarks measure speed against peers such as curl,
	// not conformance; the acceptance tests check the provider's requests.
	sb, err := sandbox.New(sandbox.Options{DiscardMediaBytes: true})
	if err != nil {
		return nil, err
	}
	b := &bench{c: c, sb: sb}
	// The sandbox's own listener stays unused: serving its handler on a
	// counting listener measures the bytes it sends (the refresh row).
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	b.url = "http://" + ln.Addr().String()
	b.srv = &http.Server{Handler: sb.Handler(), ReadHeaderTimeout: 30 * time.Second}
	go func() { _ = b.srv.Serve(&countingListener{Listener: ln, n: &b.sent}) }()

	if b.work, err = os.MkdirTemp("", "whatsapp-bench-"); err != nil {
		return nil, err
	}
	b.cliConf = filepath.Join(b.work, "terraformrc")
	rc := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "sandeshlive/whatsapp" = %q
    "bench/noop"           = %q
  }
  direct {}
}
`, c.providerDir, c.noopDir)
	return b, os.WriteFile(b.cliConf, []byte(rc), 0o644)
}

func (b *bench) close() {
	_ = b.srv.Close()
	b.sb.Close()
	_ = os.RemoveAll(b.work)
}

// dir makes a fresh Terraform working directory holding main.tf.
func (b *bench) dir(name, hcl string) (string, error) {
	d, err := os.MkdirTemp(b.work, name+"-")
	if err != nil {
		return "", err
	}
	return d, os.WriteFile(filepath.Join(d, "main.tf"), []byte(hcl), 0o644)
}

// tf runs the CLI in dir and returns its wall time.
func (b *bench) tf(dir string, env []string, args ...string) (float64, error) {
	cmd := exec.Command(b.c.terraform, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+b.cliConf, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	cmd.Env = append(cmd.Env, env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start).Seconds()
	if cmd.ProcessState != nil {
		// Terraform waits for its provider processes, so their CPU time is in its own.
		b.lastCPU = (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds()
	}
	if err != nil {
		return 0, fmt.Errorf("terraform %s: %w\n%s", strings.Join(args, " "), err, tail(out.String(), 3000))
	}
	return took, nil
}

func (b *bench) apply(dir string) (float64, error) {
	return b.tf(dir, nil, "apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=10")
}

func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}

// timeCmd runs a shell command line and returns its wall time.
func timeCmd(dir, script string) (float64, error) {
	cmd := exec.Command("bash", "-c", script)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, fmt.Errorf("%s: %w\n%s", script, err, tail(out.String(), 2000))
	}
	return time.Since(start).Seconds(), nil
}

func (b *bench) cloudProvider(extra string) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    whatsapp = { source = "sandeshlive/whatsapp" }
  }
}
provider "whatsapp" {
  api             = "cloud"
  base_url        = %q
  phone_number_id = %q
  access_token    = %q
%s}
`, b.url, sandbox.DefaultPhoneNumberID, sandbox.DefaultAccessToken, extra)
}

// writeFile writes size bytes of a PDF-looking pattern, distinct per seed.
func writeFile(path string, size int64, seed byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	buf := make([]byte, 1<<20)
	for i := range buf {
		buf[i] = byte(i*7) ^ seed
	}
	copy(buf, "%PDF-1.4\n")
	for left := size; left > 0; {
		n := min(left, int64(len(buf)))
		if _, err := f.Write(buf[:n]); err != nil {
			_ = f.Close()
			return err
		}
		buf[len(buf)-1]++ // no two blocks alike
		left -= n
	}
	return f.Close()
}

type countingListener struct {
	net.Listener
	n *atomic.Int64
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: c, n: l.n}, nil
}

type countingConn struct {
	net.Conn
	n *atomic.Int64
}

func (c *countingConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.n.Add(int64(n))
	return n, err
}
