// Command release builds the provider's release artifacts (make
// release-snapshot) or installs a build into the local filesystem mirror
// Terraform and OpenTofu search without configuration (make install).
//
//	go run ./internal/release/cmd/release -dist dist -mirror dist/mirror
//	go run ./internal/release/cmd/release -install
//
// The version comes from the git tag (release.GitVersion); -version overrides
// it. SHA256SUMS is signed with the key GPG_FINGERPRINT names, from the
// default keyring (GNUPGHOME); without it, with a key made for this build,
// whose public half is written beside the artifacts as snapshot-signing-key.asc.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/release"
)

// snapshotKeyFile is where a build signed with a throwaway key puts its
// public half: not a registry file name, and not listed in SHA256SUMS.
const snapshotKeyFile = "snapshot-signing-key.asc"

func main() {
	dist := flag.String("dist", "dist", "folder for the artifacts; must be missing or empty")
	platforms := flag.String("platforms", "all", `"all" (every platform of .goreleaser.yml), "host", or os_arch,os_arch,...`)
	version := flag.String("version", "", "version to build, without v (default: from the git tag)")
	mirror := flag.String("mirror", "", "also lay the zips out as a provider network mirror in this folder")
	install := flag.Bool("install", false, "build for this machine only and unpack it into a filesystem mirror for Terraform and OpenTofu")
	pluginsDir := flag.String("plugins-dir", "", "with -install: the filesystem mirror to fill (default: the implied one, ~/.terraform.d/plugins)")
	flag.Parse()
	// Interrupted, the build stops its go build and still removes its
	// temporary folders and the throwaway key's gpg-agent (deferred in run).
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *dist, *platforms, *version, *mirror, *install, *pluginsDir); err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		stop()
		os.Exit(1)

	}
}

func run(ctx context.Context, dist, platformList, version, mirror string, install bool, pluginsDir string) error {
	src, err := os.Getwd()
	if err != nil {
		return err
	}
	commitTime, err := release.CommitTime(src)
	if err != nil {
		return err
	}
	snapshot := false
	if version == "" {
		if version, snapshot, err = release.GitVersion(src); err != nil {
			return err
		}
	}
	version = strings.TrimPrefix(version, "v")
	if install {
		return installLocally(ctx, src, version, commitTime, pluginsDir)
	}
	platforms, err := release.ParsePlatforms(platformList)
	if err != nil {
		return err
	}
	kind := "release"
	if snapshot {
		kind = "snapshot (no tag on this commit; the next release's version)"
	}
	fmt.Printf("Building %s %s, %s, for %d platforms into %s\n", release.ProjectName, version, kind, len(platforms), dist)

	signer, publicKey, err := signerFor(ctx, dist)
	if err != nil {
		return err
	}
	defer signer.Close()
	art, err := release.Build(ctx, release.Config{
		SourceDir: src, OutDir: dist, Version: version, CommitTime: commitTime,
		Platforms: platforms, Signer: signer, Log: os.Stdout,
	})
	if err != nil {
		return err
	}
	if publicKey {
		if err := signer.ExportPublicKey(ctx, filepath.Join(art.Dir, snapshotKeyFile)); err != nil {
			return err
		}
		fmt.Printf("Signed with a key made for this build; check with:\n  gpg --import %s/%s && gpg --verify %s.sig %s\n",
			dist, snapshotKeyFile, art.Sums, art.Sums)
	}
	if mirror != "" {
		if err := release.WriteNetworkMirror(mirror, version, art.Zips, release.RegistryHosts); err != nil {
			return err
		}
		fmt.Printf("Network mirror for %s in %s: serve it over HTTPS as network_mirror { url = \"https://HOST/PATH/\" }\n",
			strings.Join(release.RegistryHosts, " and "), mirror)
	}
	fmt.Printf("Done: %s\n", art.Dir)
	return nil
}

// signerFor is the key named by GPG_FINGERPRINT, or a key made for this
// build (then exportKey is true: its public half goes beside the artifacts).
func signerFor(ctx context.Context, dist string) (signer *release.Signer, exportKey bool, err error) {
	if fpr := os.Getenv("GPG_FINGERPRINT"); fpr != "" {
		return &release.Signer{KeyID: fpr}, false, nil
	}
	if err := os.MkdirAll(dist, 0o755); err != nil {
		return nil, false, err
	}
	signer, err = release.NewThrowawaySigner(ctx, os.TempDir())
	if err != nil {
		return nil, false, fmt.Errorf("make a signing key for the snapshot (set GPG_FINGERPRINT to sign with yours): %w", err)
	}
	return signer, true, nil
}

// installLocally builds for this machine and unpacks the zip into a
// filesystem mirror (by default the implied one), under both registry
// hosts, then says how to use it.
func installLocally(ctx context.Context, src, version string, commitTime time.Time, pluginsDir string) error {
	implied := pluginsDir == ""
	if implied {
		home, err := os.UserHomeDir()
		if err != nil {
			return err
		}
		pluginsDir = release.ImpliedMirrorDir(home)
	}
	work, err := os.MkdirTemp("", "provider-install-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(work) }()
	host := release.Host()
	art, err := release.Build(ctx, release.Config{
		SourceDir: src, OutDir: work, Version: version, CommitTime: commitTime,
		Platforms: []release.Platform{host},
	})
	if err != nil {
		return err
	}
	dirs, err := release.InstallUnpacked(pluginsDir, version, host, art.Zips[host], release.RegistryHosts)
	if err != nil {
		return err
	}
	h1, err := release.H1(art.Zips[host])
	if err != nil {
		return err
	}
	major, minor, _ := strings.Cut(version, ".")
	minor, _, _ = strings.Cut(minor, ".")
	fmt.Printf("Installed %s %s (%s) into:\n  %s\n", release.ProjectName, version, h1, strings.Join(dirs, "\n  "))
	if !implied {
		return nil
	}
	fmt.Printf(`Terraform and OpenTofu find it there with no CLI configuration:

terraform {
  required_providers {
    whatsapp = {
      source  = "%s/%s"
      version = "~> %s.%s"
    }
  }
}

then: terraform init (or tofu init). A lock file written for an earlier build of
the same version refuses this one: run terraform init -upgrade to record it.
`, release.Namespace, release.Type, major, minor)
	return nil
}
