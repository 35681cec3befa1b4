package release

import (
	"archive/zip"
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// The snapshot holds what the registry takes: a zip per platform with the
// binary (its version set by -ldflags) and the licence, the manifest with
// protocol 6.0, SHA256SUMS naming each, and a signature gpg verifies.
func TestAccSnapshotArtifacts(t *testing.T) {
	s := snapshotForTest(t)
	v := s.art.Version

	var want []string
	for _, p := range []Platform{Host(), s.other} {
		want = append(want, ZipName(v, p))
	}
	want = append(want, ManifestName(v), SumsName(v), SumsName(v)+".sig")
	sort.Strings(want)
	entries, err := os.ReadDir(s.art.Dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("release files:\n got  %v\n want %v", got, want)
	}

	t.Run("manifest lists protocol 6.0", func(t *testing.T) {
		var manifest struct {
			Version  int `json:"version"`
			Metadata struct {
				ProtocolVersions []string `json:"protocol_versions"`
			} `json:"metadata"`
		}
		data, err := os.ReadFile(s.art.Manifest)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &manifest); err != nil {
			t.Fatal(err)
		}
		if manifest.Version != 1 || !reflect.DeepEqual(manifest.Metadata.ProtocolVersions, []string{"6.0"}) {
			t.Errorf("manifest %s: %+v, want version 1 with protocol_versions [6.0]", filepath.Base(s.art.Manifest), manifest)
		}
	})

	t.Run("SHA256SUMS lists every zip and the manifest", func(t *testing.T) {
		f, err := os.Open(s.art.Sums)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = f.Close() }()
		listed := map[string]string{}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			sum, name, ok := strings.Cut(sc.Text(), "  ")
			if !ok {
				t.Fatalf("line %q is not HEX  NAME", sc.Text())
			}
			listed[name] = sum
		}
		files := append(sortedValues(s.art.Zips), s.art.Manifest)
		if len(listed) != len(files) {
			t.Errorf("SHA256SUMS lists %d files, want %d: %v", len(listed), len(files), listed)
		}
		for _, path := range files {
			sum, err := FileSHA256(path)
			if err != nil {
				t.Fatal(err)
			}
			if listed[filepath.Base(path)] != sum {
				t.Errorf("SHA256SUMS gives %s %q, the file's SHA-256 is %q", filepath.Base(path), listed[filepath.Base(path)], sum)
			}
		}
	})

	t.Run("the signature verifies with the public key, and not for changed sums", func(t *testing.T) {
		home := gpgHomeWithKey(t, s.publicKey)
		if out, err := gpgVerify(home, s.art.Signature, s.art.Sums); err != nil {
			t.Fatalf("gpg --verify: %v\n%s", err, out)
		}
		changed := filepath.Join(t.TempDir(), filepath.Base(s.art.Sums))
		data, _ := os.ReadFile(s.art.Sums)
		data[0] ^= 1
		writeFile(t, changed, data)
		if out, err := gpgVerify(home, s.art.Signature, changed); err == nil {
			t.Errorf("gpg --verify accepted a changed SHA256SUMS:\n%s", out)
		}
	})

	t.Run("each zip holds the binary, built for its platform, and the licence", func(t *testing.T) {
		for p, path := range s.art.Zips {
			zr, err := zip.OpenReader(path)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, f := range zr.File {
				names = append(names, f.Name)
				if f.Name == BinaryName(v, p) && f.Mode().Perm() != 0o755 {
					t.Errorf("%s: the binary's mode is %v, want 0755", filepath.Base(path), f.Mode())
				}
			}
			if want := []string{BinaryName(v, p), "LICENSE"}; !reflect.DeepEqual(names, want) {
				t.Errorf("%s holds %v, want %v", filepath.Base(path), names, want)
			}
			bin := filepath.Join(t.TempDir(), BinaryName(v, p))
			for _, f := range zr.File {
				if f.Name == BinaryName(v, p) {
					if err := extract(f, bin); err != nil {
						t.Fatal(err)
					}
				}
			}
			_ = zr.Close()
			// The binary's build information records how it was built (not
			// its -ldflags under -trimpath: install_test.go sees the version
			// in the provider's logs instead).
			out, err := exec.Command("go", "version", "-m", bin).CombinedOutput()
			if err != nil {
				t.Fatalf("go version -m: %v\n%s", err, out)
			}
			for _, want := range []string{"GOOS=" + p.OS, "GOARCH=" + p.Arch, "CGO_ENABLED=0", "-trimpath=true"} {
				if !strings.Contains(string(out), want) {
					t.Errorf("%s was not built with %s:\n%s", filepath.Base(path), want, out)
				}
			}
		}
	})
}

// gpgHomeWithKey is a keyring holding only the armored public key.
func gpgHomeWithKey(t *testing.T, key string) string {
	t.Helper()
	home, err := os.MkdirTemp("", "gpg-verify-") //nolint:usetesting // a short path: t.TempDir's, named after the test, can pass the length limit of gpg-agent's socket path
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		kill := exec.Command("gpgconf", "--kill", "all")
		kill.Env = append(os.Environ(), "GNUPGHOME="+home)
		_ = kill.Run()
		_ = os.RemoveAll(home)
	})
	cmd := exec.Command("gpg", "--batch", "--import", key)
	cmd.Env = append(os.Environ(), "GNUPGHOME="+home)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gpg --import: %v\n%s", err, out)
	}
	return home
}

func gpgVerify(home, sig, file string) ([]byte, error) {
	cmd := exec.Command("gpg", "--batch", "--verify", sig, file)
	cmd.Env = append(os.Environ(), "GNUPGHOME="+home)
	return cmd.CombinedOutput()
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
