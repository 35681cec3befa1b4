package release

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// testSnapshot is one build of the provider shared by this package's
// acceptance tests: the host platform and one other (the full matrix is
// make release-snapshot's, not CI's tests'), signed with a throwaway key.
type testSnapshot struct {
	art       *Artifacts
	publicKey string   // the throwaway key's public half, armored
	other     Platform // the platform besides the host
}

var (
	snapshotOnce  sync.Once
	snapshotBuilt *testSnapshot
	snapshotErr   error
	snapshotRoot  string // removed by TestMain
)

func TestMain(m *testing.M) {
	code := m.Run()
	if snapshotRoot != "" {
		_ = os.RemoveAll(snapshotRoot)
	}
	os.Exit(code)
}

// requireAcceptance skips unless TF_ACC is set, as the provider's
// acceptance tests do: these build the provider twice and run gpg and the
// real CLIs. make test sets it, so there they always run.
func requireAcceptance(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("TF_ACC=1 builds the provider and runs gpg and the real CLIs (make test sets it)")
	}
}

// snapshotForTest builds the shared snapshot once, at the version the
// repository's tags give (GitVersion), as make release-snapshot does.
func snapshotForTest(t *testing.T) *testSnapshot {
	t.Helper()
	requireAcceptance(t)
	snapshotOnce.Do(func() { snapshotBuilt, snapshotErr = buildTestSnapshot(repoRoot(t)) })
	if snapshotErr != nil {
		t.Fatalf("build the snapshot: %v", snapshotErr)
	}
	return snapshotBuilt
}

func buildTestSnapshot(src string) (*testSnapshot, error) {
	ctx := context.Background()
	var err error
	if snapshotRoot, err = os.MkdirTemp("", "release-test-"); err != nil {
		return nil, err
	}
	version, _, err := GitVersion(src)
	if err != nil {
		return nil, err
	}
	commitTime, err := CommitTime(src)
	if err != nil {
		return nil, err
	}
	other := Platform{OS: "darwin", Arch: "arm64"} // a team's Macs beside Linux CI
	if Host() == other {
		other = Platform{OS: "linux", Arch: "amd64"}
	}
	signer, err := NewThrowawaySigner(ctx, snapshotRoot)
	if err != nil {
		return nil, err
	}
	defer signer.Close()
	art, err := Build(ctx, Config{
		SourceDir: src, OutDir: filepath.Join(snapshotRoot, "dist"), Version: version,
		CommitTime: commitTime, Platforms: []Platform{Host(), other}, Signer: signer,
	})
	if err != nil {
		return nil, err
	}
	key := filepath.Join(snapshotRoot, "signing-key.asc")
	if err := signer.ExportPublicKey(ctx, key); err != nil {
		return nil, err
	}
	return &testSnapshot{art: art, publicKey: key, other: other}, nil
}

// h1 is H1 of one of the snapshot's zips, failing the test on error.
func (s *testSnapshot) h1(t *testing.T, p Platform) string {
	t.Helper()
	h, err := H1(s.art.Zips[p])
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// constraint is "~> MAJOR.MINOR" for the snapshot's version, what the
// examples write.
func (s *testSnapshot) constraint() string {
	parts := strings.SplitN(s.art.Version, ".", 3)
	return fmt.Sprintf("~> %s.%s", parts[0], parts[1])
}

var lockHashPattern = regexp.MustCompile(`"((?:h1|zh):[^"]+)"`)

// lockFile is what a .terraform.lock.hcl says of the provider at addr.
type lockFile struct {
	version string
	hashes  []string
}

// readLock reads the provider's entry from dir's lock file.
func readLock(t *testing.T, dir, addr string) lockFile {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, ".terraform.lock.hcl"))
	if err != nil {
		t.Fatalf("no lock file: %v", err)
	}
	text := string(data)
	start := strings.Index(text, fmt.Sprintf("provider %q {", addr))
	if start < 0 {
		t.Fatalf("the lock file has no entry for %s:\n%s", addr, text)
	}
	block := text[start:]
	block = block[:strings.Index(block, "\n}")]
	var lf lockFile
	if m := regexp.MustCompile(`version\s*=\s*"([^"]+)"`).FindStringSubmatch(block); m != nil {
		lf.version = m[1]
	}
	for _, m := range lockHashPattern.FindAllStringSubmatch(block, -1) {
		lf.hashes = append(lf.hashes, m[1])
	}
	return lf
}
