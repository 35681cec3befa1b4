package release

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// cli is a real Terraform or OpenTofu binary and the registry host it reads
// a bare source = "sandeshlive/whatsapp" as.
type cli struct {
	name string
	path string
	host string
}

// addr is the provider's full address in this CLI's lock file.
func (c cli) addr() string { return c.host + "/" + Namespace + "/" + Type }

// clis are the pinned Terraform and OpenTofu, found as the GNUmakefile
// names them: TF_ACC_TERRAFORM_PATH and OPENTOFU_CLI_PATH, which it exports,
// or bin/ with the versions it pins. A missing binary fails the test.
func clis(t *testing.T) []cli {
	t.Helper()
	makefile, err := os.ReadFile(filepath.Join(repoRoot(t), "GNUmakefile"))
	if err != nil {
		t.Fatal(err)
	}
	pinned := func(variable string) string {
		m := regexp.MustCompile(`(?m)^` + variable + ` := (\S+)$`).FindSubmatch(makefile)
		if m == nil {
			t.Fatalf("GNUmakefile has no %s", variable)
		}
		return string(m[1])
	}
	find := func(env, file string) string {
		if p := os.Getenv(env); p != "" {
			return p
		}
		return filepath.Join(repoRoot(t), "bin", file)
	}
	out := []cli{
		{name: "terraform", host: "registry.terraform.io",
			path: find("TF_ACC_TERRAFORM_PATH", "terraform-v"+pinned("TERRAFORM_VERSION"))},
		{name: "tofu", host: "registry.opentofu.org",
			path: find("OPENTOFU_CLI_PATH", "tofu-"+pinned("OPENTOFU_VERSION"))},
	}
	for _, c := range out {
		if _, err := os.Stat(c.path); err != nil {
			t.Fatalf("no %s CLI at %s (make terraform / make opentofu builds it): %v", c.name, c.path, err)
		}
	}
	return out
}

// workspace is an empty folder with a plain required_providers block, run
// by one CLI with a HOME of its own: the implied local mirror is the test's,
// no CLI configuration or plugin cache of the machine's is read.
type workspace struct {
	t    *testing.T
	cli  cli
	dir  string
	home string
	env  []string
}

func newWorkspace(t *testing.T, c cli, s *testSnapshot, body string) *workspace {
	t.Helper()
	root := t.TempDir()
	w := &workspace{t: t, cli: c, dir: filepath.Join(root, "config"), home: filepath.Join(root, "home")}
	for _, d := range []string{w.dir, w.home} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// Only what the CLI needs: no TF_PLUGIN_CACHE_DIR, TF_CLI_CONFIG_FILE or
	// WHATSAPP_* of the machine's leaks in.
	w.env = []string{
		"HOME=" + w.home, "PATH=" + os.Getenv("PATH"), "TMPDIR=" + os.TempDir(),
		"XDG_CONFIG_HOME=" + filepath.Join(w.home, ".config"), "XDG_DATA_HOME=" + filepath.Join(w.home, ".local", "share"),
		"XDG_CACHE_HOME=" + filepath.Join(w.home, ".cache"),
		"CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
	}
	writeFile(t, filepath.Join(w.dir, "main.tf"), []byte(fmt.Sprintf(`terraform {
  required_providers {
    whatsapp = {
      source  = "%s/%s"
      version = %q
    }
  }
}
%s`, Namespace, Type, s.constraint(), body)))
	return w
}

// run runs the CLI in the workspace and returns its output and error.
func (w *workspace) run(args ...string) (string, error) {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, w.cli.path, args...)
	cmd.Dir = w.dir
	cmd.Env = w.env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// mustRun fails the test when the command fails.
func (w *workspace) mustRun(args ...string) string {
	w.t.Helper()
	out, err := w.run(args...)
	if err != nil {
		w.t.Fatalf("%s %s: %v\n%s", w.cli.name, strings.Join(args, " "), err, out)
	}
	return out
}

// mustFail fails the test unless the command fails saying want (a regexp,
// matched with whitespace and the diagnostic box's bars collapsed).
func (w *workspace) mustFail(want string, args ...string) {
	w.t.Helper()
	out, err := w.run(args...)
	if err == nil {
		w.t.Fatalf("%s %s succeeded; want it to fail with %q:\n%s", w.cli.name, strings.Join(args, " "), want, out)
	}
	flat := strings.Join(strings.Fields(strings.ReplaceAll(out, "│", " ")), " ")
	if !regexp.MustCompile(want).MatchString(flat) {
		w.t.Fatalf("%s %s failed without saying %q:\n%s", w.cli.name, strings.Join(args, " "), want, out)
	}
}

// useNetworkMirror points the CLI at a network mirror through a CLI
// configuration, trusting the mirror's CA through SSL_CERT_FILE.
func (w *workspace) useNetworkMirror(m *mirrorServer) {
	config := filepath.Join(w.home, "mirror.tfrc")
	writeFile(w.t, config, []byte(fmt.Sprintf("provider_installation {\n  network_mirror {\n    url = %q\n  }\n}\n", m.url)))
	w.env = append(w.env, "TF_CLI_CONFIG_FILE="+config, "SSL_CERT_FILE="+m.caFile)
}

// mirrorServer serves a network mirror folder over HTTPS, with a
// certificate from a CA made for it, and records the paths it served.
type mirrorServer struct {
	url    string
	caFile string
	root   atomic.Pointer[string]
	mu     sync.Mutex
	served []string
}

func startMirror(t *testing.T, dir string) *mirrorServer {
	t.Helper()
	m := &mirrorServer{}
	m.root.Store(&dir)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.mu.Lock()
		m.served = append(m.served, r.URL.Path)
		m.mu.Unlock()
		http.FileServer(http.Dir(*m.root.Load())).ServeHTTP(w, r)
	}))
	caPEM, cert := newTestCA(t)
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	m.url = srv.URL + "/"
	m.caFile = filepath.Join(t.TempDir(), "mirror-ca.pem")
	writeFile(t, m.caFile, caPEM)
	return m
}

// serve switches the folder served, as a mirror's operator (or attacker) would.
func (m *mirrorServer) serve(dir string) { m.root.Store(&dir) }

func (m *mirrorServer) servedPaths() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.served...)
}

// newTestCA makes a CA and a certificate it signs for 127.0.0.1, and
// returns the CA's PEM (for SSL_CERT_FILE) and the server's certificate.
func newTestCA(t *testing.T) ([]byte, tls.Certificate) {
	t.Helper()
	now := time.Now()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "provider mirror test CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true, IsCA: true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		t.Fatal(err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	leafTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leafTmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})
	return caPEM, tls.Certificate{Certificate: [][]byte{leafDER}, PrivateKey: key}
}

// networkMirrorDir lays out the snapshot's zips as a network mirror in a new folder.
func networkMirrorDir(t *testing.T, s *testSnapshot, zips map[Platform]string) string {
	t.Helper()
	dir := t.TempDir()
	if err := WriteNetworkMirror(dir, s.art.Version, zips, RegistryHosts); err != nil {
		t.Fatal(err)
	}
	return dir
}

// tamperedZip is the host's zip with one byte of the provider binary
// changed: a package whose files differ from the release's, so its h1:
// differs too (a changed zip comment or date would not change it).
func tamperedZip(t *testing.T, s *testSnapshot) string {
	t.Helper()
	host := Host()
	bin := filepath.Join(t.TempDir(), BinaryName(s.art.Version, host))
	dir := t.TempDir()
	if err := unzip(s.art.Zips[host], dir); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, BinaryName(s.art.Version, host)))
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)-1] ^= 0xff
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), ZipName(s.art.Version, host))
	files := []archived{{name: filepath.Base(bin), path: bin, mode: 0o755}}
	for _, f := range ArchiveFiles {
		files = append(files, archived{name: f, path: filepath.Join(dir, f), mode: 0o644})
	}
	if err := writeZip(out, files, time.Unix(0, 0)); err != nil {
		t.Fatal(err)
	}
	return out
}

// copyDir copies a mirror folder (plain files in folders).
func copyDir(t *testing.T, from string) string {
	t.Helper()
	to := t.TempDir()
	err := filepath.Walk(from, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		if info.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		return copyFile(path, filepath.Join(to, rel))
	})
	if err != nil {
		t.Fatal(err)
	}
	return to
}

// expectLock checks the lock file records the snapshot's version and
// exactly the h1: hashes of these platforms' zips, and no zh: (those come
// only from a signed registry install).
func expectLock(t *testing.T, w *workspace, s *testSnapshot, platforms ...Platform) {
	t.Helper()
	lock := readLock(t, w.dir, w.cli.addr())
	if lock.version != s.art.Version {
		t.Errorf("lock file version %q, want %q", lock.version, s.art.Version)
	}
	want := map[string]bool{}
	for _, p := range platforms {
		want[s.h1(t, p)] = true
	}
	got := map[string]bool{}
	for _, h := range lock.hashes {
		got[h] = true
	}
	if len(got) != len(want) || len(lock.hashes) != len(want) {
		t.Errorf("lock file hashes %v, want exactly the h1: of %v: %v", lock.hashes, platforms, want)
	}
	for h := range want {
		if !got[h] {
			t.Errorf("lock file hashes %v lack %s, the snapshot's package", lock.hashes, h)
		}
	}
}
