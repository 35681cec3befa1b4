package release

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestVersionFromDescribe(t *testing.T) {
	for _, tc := range []struct {
		describe, version string
		snapshot          bool
	}{
		{"", FirstRelease, true},                      // no tag yet
		{"v0.1.0-0-gabc1234", "0.1.0", false},         // on the tag
		{"v0.1.0-3-gabc1234", "0.1.1", true},          // after it: the next patch
		{"v1.9.9-12-g0123456789ab\n", "1.9.10", true}, // git's trailing newline
		{"v0.2.0-rc.1-0-gabc1234", "0.2.0-rc.1", false},
		{"v0.2.0-rc.1-4-gabc1234", "0.2.0", true}, // after a pre-release tag: its release
	} {
		version, snapshot, err := VersionFromDescribe(tc.describe)
		if err != nil || version != tc.version || snapshot != tc.snapshot {
			t.Errorf("VersionFromDescribe(%q) = %q, %v, %v; want %q, %v", tc.describe, version, snapshot, err, tc.version, tc.snapshot)
		}
		if snapshot && strings.Contains(version, "-") {
			t.Errorf("snapshot version %q is a pre-release: ~> constraints never select it", version)
		}
	}
	for _, bad := range []string{"0.1.0-0-gabc", "vx.y.z-0-gabc", "v1.2-0-gabc"} {
		if v, _, err := VersionFromDescribe(bad); err == nil {
			t.Errorf("VersionFromDescribe(%q) = %q, want an error", bad, v)
		}
	}
}

// The first release's version is the one CHANGELOG.md announces.
func TestFirstReleaseIsTheChangelogs(t *testing.T) {
	changelog, err := os.ReadFile(filepath.Join(repoRoot(t), "CHANGELOG.md"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "the first release\nwill be " + FirstRelease; !strings.Contains(strings.ReplaceAll(string(changelog), "\n", " "), strings.ReplaceAll(want, "\n", " ")) {
		t.Errorf("CHANGELOG.md does not say %q: change FirstRelease and the CHANGELOG together", want)
	}
}

func TestParsePlatforms(t *testing.T) {
	got, err := ParsePlatforms("linux_amd64, darwin_arm64")
	if err != nil || len(got) != 2 || got[0] != (Platform{"linux", "amd64"}) || got[1] != (Platform{"darwin", "arm64"}) {
		t.Errorf("ParsePlatforms = %v, %v", got, err)
	}
	if _, err := ParsePlatforms("darwin_386"); err == nil {
		t.Error("darwin_386 is ignored by .goreleaser.yml, want an error")
	}
	if got, _ := ParsePlatforms("all"); len(got) != 13 {
		t.Errorf("all = %d platforms, want 13 (4 OSes x 4 arches, less darwin_386, darwin_arm, windows_arm)", len(got))
	}
}

// repoRoot is the repository root, two levels above this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}
