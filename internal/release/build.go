package release

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// The build settings of .goreleaser.yml's builds (goreleaser_test.go compares).
const (
	// ldflagsFormat takes the version: main.version is what the provider
	// reports to Terraform and logs when it is configured.
	ldflagsFormat = "-s -w -X main.version=%s"
	trimpathFlag  = "-trimpath"
	cgoEnv        = "CGO_ENABLED=0"
	// armVersion is goreleaser's default goarm: ARMv6 binaries also run on v7.
	armVersion = "6"
)

// ArchiveFiles are the files every zip holds beside the binary, from the
// repository root (.goreleaser.yml's archives files).
var ArchiveFiles = []string{"LICENSE"}

// Config is one build.
type Config struct {
	SourceDir  string     // the repository root: the provider's main package
	OutDir     string     // where the artifacts go; must be missing or empty
	Version    string     // e.g. 0.1.0, without "v"
	CommitTime time.Time  // every archived file's modification time
	Platforms  []Platform // platforms to build
	Signer     *Signer    // signs SHA256SUMS; nil leaves it unsigned
	Log        io.Writer  // progress lines; nil for none
}

// Artifacts are the files one build wrote, by absolute path.
type Artifacts struct {
	Version   string
	Dir       string
	Zips      map[Platform]string
	Manifest  string
	Sums      string
	Signature string // empty when unsigned
}

// Build compiles the provider for each platform, zips it, and writes the
// manifest, the checksums and (with a Signer) their signature.
func Build(ctx context.Context, cfg Config) (*Artifacts, error) {
	if cfg.Version == "" || len(cfg.Platforms) == 0 {
		return nil, errors.New("a build needs a version and at least one platform")
	}
	if err := emptyDir(cfg.OutDir); err != nil {
		return nil, err
	}
	out, err := filepath.Abs(cfg.OutDir)
	if err != nil {
		return nil, err
	}
	work, err := os.MkdirTemp("", "provider-build-")
	if err != nil {
		return nil, err
	}
	defer func() { _ = os.RemoveAll(work) }()

	art := &Artifacts{Version: cfg.Version, Dir: out, Zips: map[Platform]string{}}
	for _, p := range cfg.Platforms {
		logf(cfg.Log, "building %s %s", ProjectName, p)
		bin := filepath.Join(work, p.String(), BinaryName(cfg.Version, p))
		if err := compile(ctx, cfg.SourceDir, cfg.Version, p, bin); err != nil {
			return nil, err
		}
		zipPath := filepath.Join(out, ZipName(cfg.Version, p))
		files := []archived{{name: filepath.Base(bin), path: bin, mode: 0o755}}
		for _, f := range ArchiveFiles {
			files = append(files, archived{name: f, path: filepath.Join(cfg.SourceDir, f), mode: 0o644})
		}
		if err := writeZip(zipPath, files, cfg.CommitTime); err != nil {
			return nil, err
		}
		art.Zips[p] = zipPath
	}

	art.Manifest = filepath.Join(out, ManifestName(cfg.Version))
	if err := copyFile(filepath.Join(cfg.SourceDir, "terraform-registry-manifest.json"), art.Manifest); err != nil {
		return nil, err
	}
	art.Sums = filepath.Join(out, SumsName(cfg.Version))
	if err := writeSums(art.Sums, append(sortedValues(art.Zips), art.Manifest)); err != nil {
		return nil, err
	}
	if cfg.Signer != nil {
		art.Signature = art.Sums + ".sig"
		if err := cfg.Signer.DetachSign(ctx, art.Sums, art.Signature); err != nil {
			return nil, err
		}
	}
	return art, nil
}

// compile builds the provider's main package for p into bin.
func compile(ctx context.Context, srcDir, version string, p Platform, bin string) error {
	goCmd := os.Getenv("GO")
	if goCmd == "" {
		goCmd = "go"
	}
	cmd := exec.CommandContext(ctx, goCmd, "build", trimpathFlag, "-ldflags", fmt.Sprintf(ldflagsFormat, version), "-o", bin, ".")
	cmd.Dir = srcDir
	cmd.Env = append(os.Environ(), cgoEnv, "GOOS="+p.OS, "GOARCH="+p.Arch)
	if p.Arch == "arm" {
		cmd.Env = append(cmd.Env, "GOARM="+armVersion)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build for %s: %w\n%s", p, err, out)
	}
	return nil
}

type archived struct {
	name string
	path string
	mode os.FileMode
}

// writeZip writes files into a new zip at path, each dated at modTime, so
// the same commit gives the same bytes.
func writeZip(path string, files []archived, modTime time.Time) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	zw := zip.NewWriter(f)
	for _, a := range files {
		if err := addToZip(zw, a, modTime); err != nil {
			return err
		}
	}
	return zw.Close()
}

func addToZip(zw *zip.Writer, a archived, modTime time.Time) error {
	src, err := os.Open(a.path)
	if err != nil {
		return err
	}
	defer func() { _ = src.Close() }() // only read from
	h := &zip.FileHeader{Name: a.name, Method: zip.Deflate, Modified: modTime}
	h.SetMode(a.mode)
	w, err := zw.CreateHeader(h)
	if err != nil {
		return err
	}
	_, err = io.Copy(w, src)
	return err
}

// emptyDir makes dir if it is missing and refuses one with files in it: a
// release folder holding an older build's zips would publish them again.
func emptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return os.MkdirAll(dir, 0o755)
	}
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("%s is not empty: remove it first (make release-snapshot does)", dir)
	}
	return nil
}

func copyFile(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o644)
}

func logf(w io.Writer, format string, args ...any) {
	if w != nil {
		fmt.Fprintf(w, format+"\n", args...)
	}
}
