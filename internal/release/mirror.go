package release

import (
	"archive/zip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"golang.org/x/mod/sumdb/dirhash"
)

// H1 is a package's hash in Terraform's "h1:" scheme, the one a lock file
// records for a mirror install: Go's dirhash Hash1 over the files in the
// zip (their names and contents, not the zip's own bytes). An unpacked
// copy of the zip hashes the same.
func H1(zipPath string) (string, error) {
	return dirhash.HashZip(zipPath, dirhash.Hash1)
}

// ImpliedMirrorDir is the plugins folder under the CLI configuration folder
// that Terraform and OpenTofu search without any configuration:
// ~/.terraform.d/plugins (%APPDATA%\terraform.d\plugins on Windows).
func ImpliedMirrorDir(home string) string {
	if runtime.GOOS == "windows" {
		return filepath.Join(os.Getenv("APPDATA"), "terraform.d", "plugins")
	}
	return filepath.Join(home, ".terraform.d", "plugins")
}

// providerPath is HOST/NAMESPACE/TYPE, the folder both mirror layouts share.
func providerPath(host string) string {
	return filepath.Join(host, Namespace, Type)
}

// InstallUnpacked unpacks a platform's zip into a filesystem mirror in the
// unpacked layout, HOST/NAMESPACE/TYPE/VERSION/OS_ARCH/, for each host, and
// returns the folders it filled. A folder already there (an earlier build of
// the same version) is replaced whole.
func InstallUnpacked(pluginsDir, version string, p Platform, zipPath string, hosts []string) ([]string, error) {
	var dirs []string
	for _, host := range hosts {
		dir := filepath.Join(pluginsDir, providerPath(host), version, p.String())
		if err := os.RemoveAll(dir); err != nil {
			return nil, err
		}
		if err := unzip(zipPath, dir); err != nil {
			return nil, err
		}
		dirs = append(dirs, dir)
	}
	return dirs, nil
}

func unzip(zipPath, dir string) error {
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		return err
	}
	defer func() { _ = zr.Close() }() // only read from
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, f := range zr.File {
		if f.Name != filepath.Base(f.Name) || strings.HasPrefix(f.Name, ".") {
			return fmt.Errorf("%s holds %q: a provider package holds plain files only", zipPath, f.Name)
		}
		if err := extract(f, filepath.Join(dir, f.Name)); err != nil {
			return err
		}
	}
	return nil
}

func extract(f *zip.File, to string) error {
	src, err := f.Open()
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, f.Mode().Perm())
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		_ = dst.Close()
		return err
	}
	return dst.Close()
}

// mirrorIndex is a network mirror's index.json in HOST/NAMESPACE/TYPE: the versions it holds.
type mirrorIndex struct {
	Versions map[string]struct{} `json:"versions"`
}

// mirrorVersion is VERSION.json beside it: each platform's zip,
// by a URL relative to this file, and its hashes.
type mirrorVersion struct {
	Archives map[string]mirrorArchive `json:"archives"`
}

type mirrorArchive struct {
	URL    string   `json:"url"`
	Hashes []string `json:"hashes"`
}

// WriteNetworkMirror lays out zips as Terraform's provider network mirror
// protocol's static files under dir, for each host: index.json, VERSION.json
// with each package's h1: hash, and the zips beside them. Any static HTTPS
// server can then serve dir as network_mirror { url = "https://.../" }.
// Versions already in index.json are kept, so releases can accumulate.
func WriteNetworkMirror(dir, version string, zips map[Platform]string, hosts []string) error {
	archives := map[string]mirrorArchive{}
	for p, zipPath := range zips {
		h1, err := H1(zipPath)
		if err != nil {
			return fmt.Errorf("hash %s: %w", zipPath, err)
		}
		archives[p.String()] = mirrorArchive{URL: filepath.Base(zipPath), Hashes: []string{h1}}
	}
	for _, host := range hosts {
		pdir := filepath.Join(dir, providerPath(host))
		if err := os.MkdirAll(pdir, 0o755); err != nil {
			return err
		}
		for _, zipPath := range zips {
			if err := copyFile(zipPath, filepath.Join(pdir, filepath.Base(zipPath))); err != nil {
				return err
			}
		}
		if err := writeJSON(filepath.Join(pdir, version+".json"), mirrorVersion{Archives: archives}); err != nil {
			return err
		}
		index := mirrorIndex{Versions: map[string]struct{}{}}
		if data, err := os.ReadFile(filepath.Join(pdir, "index.json")); err == nil {
			if err := json.Unmarshal(data, &index); err != nil {
				return fmt.Errorf("%s/index.json is not a mirror index (%w): remove it", pdir, err)
			}
		} else if !errors.Is(err, os.ErrNotExist) {
			return err
		}
		if index.Versions == nil {
			index.Versions = map[string]struct{}{}
		}
		index.Versions[version] = struct{}{}
		if err := writeJSON(filepath.Join(pdir, "index.json"), index); err != nil {
			return err
		}
	}
	return nil
}

// writeJSON writes v indented; encoding/json sorts map keys, so the files
// are the same for the same build.
func writeJSON(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}
