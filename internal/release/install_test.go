package release

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// applyConfig is a provider block for the sandbox's Cloud API and one
// upload, so an apply proves the installed binary runs and talks to it.
func applyConfig(sb *sandbox.Server) string {
	return fmt.Sprintf(`
provider "whatsapp" {
  api             = "cloud"
  base_url        = %q
  phone_number_id = %q
  access_token    = %q
}

resource "whatsapp_media" "logo" {
  source = "${path.module}/logo.png"
}
`, sb.URL(), sandbox.DefaultPhoneNumberID, sandbox.DefaultAccessToken)
}

func startSandbox(t *testing.T) *sandbox.Server {
	t.Helper()
	sb, err := sandbox.New(sandbox.Options{Strict: true}) // strict: the User-Agent must carry a release version
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sb.Close)
	return sb
}

// applyAndCheck applies the workspace's configuration with the provider's
// logs on, then checks the sandbox received the upload and the provider
// logged the snapshot's version (main.version, set by -ldflags).
func applyAndCheck(t *testing.T, w *workspace, s *testSnapshot, sb *sandbox.Server) {
	t.Helper()
	logo, err := os.ReadFile(filepath.Join(repoRoot(t), "examples", "quickstart", "files", "logo.png"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(w.dir, "logo.png"), logo)
	logPath := filepath.Join(w.home, "cli.log")
	w.env = append(w.env, "TF_LOG_PROVIDER=INFO", "TF_LOG_PATH="+logPath)
	w.mustRun("apply", "-auto-approve", "-input=false", "-no-color")

	media := sb.Media()
	if len(media) != 1 || media[0].Size != int64(len(logo)) {
		t.Errorf("the sandbox holds %d media (%+v), want the one logo.png upload", len(media), media)
	}
	logs, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	var configured string
	for _, line := range strings.Split(string(logs), "\n") {
		if strings.Contains(line, "Configuring the WhatsApp provider") {
			configured = line
		}
	}
	if !strings.Contains(configured, "provider_version="+s.art.Version) {
		t.Errorf("the provider did not log provider_version=%s when configured; its line: %q", s.art.Version, configured)
	}
}

// `make install`'s filesystem mirror (the same InstallUnpacked, into a
// HOME of the test's): init with nothing configured, the lock records the
// package's h1:, an apply runs the installed binary.
func TestAccInstall_filesystemMirror(t *testing.T) {
	s := snapshotForTest(t)
	for _, c := range clis(t) {
		t.Run(c.name, func(t *testing.T) {
			sb := startSandbox(t)
			w := newWorkspace(t, c, s, applyConfig(sb))
			dirs, err := InstallUnpacked(ImpliedMirrorDir(w.home), s.art.Version, Host(), s.art.Zips[Host()], RegistryHosts)
			if err != nil {
				t.Fatal(err)
			}
			want := filepath.Join(w.home, ".terraform.d", "plugins", c.host, Namespace, Type, s.art.Version, Host().String())
			if !containsString(dirs, want) {
				t.Fatalf("installed into %v, want %s among them", dirs, want)
			}
			w.mustRun("init", "-input=false", "-no-color")
			expectLock(t, w, s, Host())
			applyAndCheck(t, w, s, sb)
		})
	}
}

// The release laid out as a network mirror, served over HTTPS: init
// fetches index.json, the version's JSON and the zip under the CLI's own
// registry host, the lock records the zip's h1:, an apply runs it.
func TestAccInstall_networkMirror(t *testing.T) {
	s := snapshotForTest(t)
	m := startMirror(t, networkMirrorDir(t, s, s.art.Zips))
	for _, c := range clis(t) {
		t.Run(c.name, func(t *testing.T) {
			sb := startSandbox(t)
			w := newWorkspace(t, c, s, applyConfig(sb))
			w.useNetworkMirror(m)
			w.mustRun("init", "-input=false", "-no-color")
			expectLock(t, w, s, Host())
			base := "/" + c.host + "/" + Namespace + "/" + Type + "/"
			served := strings.Join(m.servedPaths(), " ")
			for _, p := range []string{"index.json", s.art.Version + ".json", ZipName(s.art.Version, Host())} {
				if !strings.Contains(served, base+p) {
					t.Errorf("the mirror never served %s%s; it served %s", base, p, served)
				}
			}
			applyAndCheck(t, w, s, sb)
		})
	}
}

// A package changed by one byte is refused: by the hashes the mirror lists,
// and, when the mirror lists the changed package's own hash, by the hash a
// committed lock file holds.
func TestAccInstall_tamperedPackageRefused(t *testing.T) {
	s := snapshotForTest(t)
	good := networkMirrorDir(t, s, s.art.Zips)
	bad := tamperedZip(t, s)

	// The mirror lists the release's hashes but serves the changed zip.
	swapped := copyDir(t, good)
	for _, host := range RegistryHosts {
		if err := copyFile(bad, filepath.Join(swapped, host, Namespace, Type, filepath.Base(bad))); err != nil {
			t.Fatal(err)
		}
	}
	// The mirror lists the changed zip's own hash: consistent, but not the release.
	relisted := networkMirrorDir(t, s, map[Platform]string{Host(): bad})

	for _, c := range clis(t) {
		t.Run(c.name+" mirror hashes", func(t *testing.T) {
			w := newWorkspace(t, c, s, "")
			w.useNetworkMirror(startMirror(t, swapped))
			w.mustFail(`doesn't match the expected checksum`, "init", "-input=false", "-no-color")
		})
		t.Run(c.name+" committed lock file", func(t *testing.T) {
			m := startMirror(t, good)
			w := newWorkspace(t, c, s, "")
			w.useNetworkMirror(m)
			w.mustRun("init", "-input=false", "-no-color") // writes the lock file a team commits
			expectLock(t, w, s, Host())

			// Without a lock file, the relisted mirror installs the changed
			// package: its own listed hash matches. The lock file is what refuses it.
			fresh := newWorkspace(t, c, s, "")
			fresh.useNetworkMirror(m)
			m.serve(relisted)
			fresh.mustRun("init", "-input=false", "-no-color")

			if err := os.RemoveAll(filepath.Join(w.dir, ".terraform")); err != nil {
				t.Fatal(err)
			}
			w.mustFail(`doesn't match any of the checksums previously recorded in the dependency lock file`, "init", "-input=false", "-no-color")
		})
	}
}

// `providers lock` for a team's two platforms records both packages' h1:
// from the mirror, and init on this machine then installs with that lock
// file and leaves it as it was.
func TestAccInstall_providersLockForSeveralPlatforms(t *testing.T) {
	s := snapshotForTest(t)
	m := startMirror(t, networkMirrorDir(t, s, s.art.Zips))
	for _, c := range clis(t) {
		t.Run(c.name, func(t *testing.T) {
			w := newWorkspace(t, c, s, "")
			w.env = append(w.env, "SSL_CERT_FILE="+m.caFile) // providers lock reads -net-mirror, not the CLI configuration
			w.mustRun("providers", "lock", "-net-mirror="+m.url, "-platform="+Host().String(), "-platform="+s.other.String())
			expectLock(t, w, s, Host(), s.other)
			locked, err := os.ReadFile(filepath.Join(w.dir, ".terraform.lock.hcl"))
			if err != nil {
				t.Fatal(err)
			}

			w.useNetworkMirror(m)
			w.mustRun("init", "-input=false", "-no-color")
			after, err := os.ReadFile(filepath.Join(w.dir, ".terraform.lock.hcl"))
			if err != nil {
				t.Fatal(err)
			}
			if string(after) != string(locked) {
				t.Errorf("init changed the lock file providers lock wrote:\nbefore:\n%s\nafter:\n%s", locked, after)
			}
		})
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
