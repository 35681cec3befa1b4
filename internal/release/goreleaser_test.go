package release

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// goreleaserConfig is the part of .goreleaser.yml this package implements.
type goreleaserConfig struct {
	Builds []struct {
		Env     []string `yaml:"env"`
		Flags   []string `yaml:"flags"`
		Ldflags []string `yaml:"ldflags"`
		Goos    []string `yaml:"goos"`
		Goarch  []string `yaml:"goarch"`
		Goarm   []string `yaml:"goarm"`
		Ignore  []struct {
			Goos   string `yaml:"goos"`
			Goarch string `yaml:"goarch"`
		} `yaml:"ignore"`
		Binary string `yaml:"binary"`
	} `yaml:"builds"`
	Archives []struct {
		Formats      []string `yaml:"formats"`
		NameTemplate string   `yaml:"name_template"`
		Files        []string `yaml:"files"`
	} `yaml:"archives"`
	Checksum struct {
		NameTemplate string `yaml:"name_template"`
		Algorithm    string `yaml:"algorithm"`
		ExtraFiles   []struct {
			Glob         string `yaml:"glob"`
			NameTemplate string `yaml:"name_template"`
		} `yaml:"extra_files"`
	} `yaml:"checksum"`
	Signs []struct {
		Artifacts string   `yaml:"artifacts"`
		Args      []string `yaml:"args"`
	} `yaml:"signs"`
}

// .goreleaser.yml declares the release build; this package carries it out.
// Each setting of the file is compared with what Build does, so a platform
// added there and not here (or the reverse) fails here.
func TestGoreleaserConfigAgrees(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot(t), ".goreleaser.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg goreleaserConfig
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatalf(".goreleaser.yml: %v", err)
	}
	if len(cfg.Builds) != 1 || len(cfg.Archives) != 1 || len(cfg.Signs) != 1 {
		t.Fatalf(".goreleaser.yml has %d builds, %d archives, %d signs; this package makes one of each",
			len(cfg.Builds), len(cfg.Archives), len(cfg.Signs))
	}
	b := cfg.Builds[0]

	goPorts := goToolDistList(t)
	var declared []Platform
	for _, goos := range b.Goos {
		for _, goarch := range b.Goarch {
			p := Platform{OS: goos, Arch: goarch}
			skip := !goPorts[goos+"/"+goarch] // goreleaser skips what Go cannot build
			for _, i := range b.Ignore {
				skip = skip || (i.Goos == goos && i.Goarch == goarch)
			}
			if !skip {
				declared = append(declared, p)
			}
		}
	}
	if !reflect.DeepEqual(declared, AllPlatforms()) {
		t.Errorf("platforms:\n .goreleaser.yml %v\n AllPlatforms    %v", declared, AllPlatforms())
	}
	wantGoarm := []string(nil)
	if len(b.Goarm) > 0 || armVersion != "6" { // goreleaser's default goarm is 6
		wantGoarm = []string{armVersion}
	}
	if !reflect.DeepEqual(b.Goarm, wantGoarm) {
		t.Errorf("goarm: .goreleaser.yml %v, Build uses GOARM=%s", b.Goarm, armVersion)
	}
	if !reflect.DeepEqual(b.Env, []string{cgoEnv}) {
		t.Errorf("env: .goreleaser.yml %v, Build sets %s", b.Env, cgoEnv)
	}
	if !reflect.DeepEqual(b.Flags, []string{trimpathFlag}) {
		t.Errorf("flags: .goreleaser.yml %v, Build passes %s", b.Flags, trimpathFlag)
	}
	const version = "1.2.3"
	linux := Platform{OS: "linux", Arch: "amd64"}
	if got := []string{expand(b.Ldflags[0], version, linux)}; len(b.Ldflags) != 1 || got[0] != fmt.Sprintf(ldflagsFormat, version) {
		t.Errorf("ldflags: .goreleaser.yml %v, Build passes %q", b.Ldflags, fmt.Sprintf(ldflagsFormat, version))
	}
	if got := expand(b.Binary, version, linux); got != BinaryName(version, linux) {
		t.Errorf("binary: .goreleaser.yml gives %q, BinaryName %q", got, BinaryName(version, linux))
	}

	a := cfg.Archives[0]
	if !reflect.DeepEqual(a.Formats, []string{"zip"}) {
		t.Errorf("archive formats %v, Build writes zip", a.Formats)
	}
	for _, p := range AllPlatforms() {
		if got := expand(a.NameTemplate, version, p) + ".zip"; got != ZipName(version, p) {
			t.Errorf("archive name: .goreleaser.yml gives %q, ZipName %q", got, ZipName(version, p))
		}
	}
	if !reflect.DeepEqual(a.Files, ArchiveFiles) {
		t.Errorf("archive files: .goreleaser.yml %v, ArchiveFiles %v", a.Files, ArchiveFiles)
	}

	c := cfg.Checksum
	if got := expand(c.NameTemplate, version, linux); got != SumsName(version) || c.Algorithm != "sha256" {
		t.Errorf("checksum: .goreleaser.yml %q (%s), SumsName %q (sha256)", got, c.Algorithm, SumsName(version))
	}
	if len(c.ExtraFiles) != 1 || c.ExtraFiles[0].Glob != "terraform-registry-manifest.json" ||
		expand(c.ExtraFiles[0].NameTemplate, version, linux) != ManifestName(version) {
		t.Errorf("checksum extra_files %+v: Build lists terraform-registry-manifest.json as %s", c.ExtraFiles, ManifestName(version))
	}

	s := cfg.Signs[0]
	if s.Artifacts != "checksum" || !strings.Contains(strings.Join(s.Args, " "), "--detach-sign") ||
		!strings.Contains(strings.Join(s.Args, " "), "{{ .Env.GPG_FINGERPRINT }}") {
		t.Errorf("signs %+v: Build makes a detached signature of the checksum file with the key GPG_FINGERPRINT names", s)
	}
}

// goToolDistList is the set of GOOS/GOARCH pairs this Go can build.
func goToolDistList(t *testing.T) map[string]bool {
	t.Helper()
	out, err := exec.Command("go", "tool", "dist", "list").Output()
	if err != nil {
		t.Fatalf("go tool dist list: %v", err)
	}
	ports := map[string]bool{}
	for _, line := range strings.Fields(string(out)) {
		ports[line] = true
	}
	return ports
}

// expand fills the goreleaser template variables the file uses.
func expand(tmpl, version string, p Platform) string {
	return strings.NewReplacer(
		"{{ .ProjectName }}", ProjectName,
		"{{ .Version }}", version,
		"{{ .Os }}", p.OS,
		"{{ .Arch }}", p.Arch,
	).Replace(tmpl)
}
