package release

import (
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// FirstRelease is the version a build gets while the repository has no
// release tag yet: the one CHANGELOG.md announces (version_test.go checks).
const FirstRelease = "0.1.0"

// describePattern matches `git describe --tags --long` for a release tag:
// v1.2.3 (or v1.2.3-rc.1), commits since it, the abbreviated commit.
var describePattern = regexp.MustCompile(`^v(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?-(\d+)-g[0-9a-f]+$`)

// VersionFromDescribe turns the output of `git describe --tags --long
// --match 'v[0-9]*'` into the version a build carries:
//
//   - on a tag (no commit since): the tag without its "v", a release;
//   - after a tag: the next patch release (v0.1.0 plus commits gives 0.1.1);
//   - with no tag (describe empty): FirstRelease.
//
// A snapshot gets a release-shaped version, never a pre-release such as
// goreleaser's 0.1.1-SNAPSHOT-abc: Terraform's `~> 0.1` and every other
// constraint without a pre-release part never select a pre-release, so a
// snapshot with one could not be installed by the plain required_providers
// block the examples use. Snapshot reports whether commits followed the tag.
func VersionFromDescribe(describe string) (version string, snapshot bool, err error) {
	describe = strings.TrimSpace(describe)
	if describe == "" {
		return FirstRelease, true, nil
	}
	m := describePattern.FindStringSubmatch(describe)
	if m == nil {
		return "", false, fmt.Errorf("git describe gave %q, not vMAJOR.MINOR.PATCH-N-gCOMMIT: tag releases as v1.2.3", describe)
	}
	if m[5] == "0" {
		return fmt.Sprintf("%s.%s.%s%s", m[1], m[2], m[3], m[4]), false, nil
	}
	patch, err := strconv.Atoi(m[3])
	if err != nil {
		return "", false, err
	}
	if m[4] != "" {
		// After a pre-release tag (v0.2.0-rc.1), the release it leads to.
		return fmt.Sprintf("%s.%s.%s", m[1], m[2], m[3]), true, nil
	}
	return fmt.Sprintf("%s.%s.%d", m[1], m[2], patch+1), true, nil
}

// GitVersion is VersionFromDescribe for the repository at dir.
func GitVersion(dir string) (version string, snapshot bool, err error) {
	cmd := exec.Command("git", "describe", "--tags", "--long", "--match", "v[0-9]*")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		// No tag yet: describe fails with "No names found". A missing git or
		// a folder outside a repository fails CommitTime below, which says so.
		out = nil
	}
	return VersionFromDescribe(string(out))
}

// CommitTime is the time of the commit at HEAD. Every file in the archives
// carries it (goreleaser's mod_timestamp: CommitTimestamp), so building the
// same commit twice gives the same zips and the same h1: hashes.
func CommitTime(dir string) (time.Time, error) {
	cmd := exec.Command("git", "log", "-1", "--format=%ct")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return time.Time{}, fmt.Errorf("read the commit time with git log in %s (run from a git checkout): %w", dir, err)
	}
	secs, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("git log gave %q, not a Unix time: %w", out, err)
	}
	return time.Unix(secs, 0).UTC(), nil
}
