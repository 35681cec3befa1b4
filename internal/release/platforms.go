package release

import (
	"fmt"
	"runtime"
	"strings"
)

// Platform is a Terraform target, GOOS and GOARCH; Terraform writes it
// os_arch (linux_amd64) in archive names, mirror paths and lock files.
type Platform struct {
	OS, Arch string
}

func (p Platform) String() string { return p.OS + "_" + p.Arch }

// Host is the platform this program runs on.
func Host() Platform { return Platform{OS: runtime.GOOS, Arch: runtime.GOARCH} }

// The build matrix of .goreleaser.yml's builds: every goos with every goarch,
// less the ignored pairs and the pairs Go has no port for, which goreleaser
// skips too (darwin/arm never was one; windows/arm was removed in Go 1.25).
// goreleaser_test.go compares them with the file and `go tool dist list`.
var (
	releaseOSes   = []string{"freebsd", "windows", "linux", "darwin"}
	releaseArches = []string{"amd64", "386", "arm", "arm64"}
	ignored       = []Platform{{OS: "darwin", Arch: "386"}}
	notGoPorts    = []Platform{{OS: "darwin", Arch: "arm"}, {OS: "windows", Arch: "arm"}}
)

// AllPlatforms lists every platform a release is built for, in the order of
// .goreleaser.yml.
func AllPlatforms() []Platform {
	var out []Platform
	for _, goos := range releaseOSes {
		for _, goarch := range releaseArches {
			p := Platform{OS: goos, Arch: goarch}
			if !contains(ignored, p) && !contains(notGoPorts, p) {
				out = append(out, p)
			}
		}
	}
	return out
}

func contains(list []Platform, p Platform) bool {
	for _, i := range list {
		if i == p {
			return true
		}
	}
	return false
}

// ParsePlatforms reads "all", "host" or a comma-separated list such as
// "linux_amd64,darwin_arm64"; each named platform must be a release platform.
func ParsePlatforms(s string) ([]Platform, error) {
	switch s {
	case "all":
		return AllPlatforms(), nil
	case "host":
		s = Host().String()
	}
	var out []Platform
	for _, name := range strings.Split(s, ",") {
		p, ok := findPlatform(strings.TrimSpace(name))
		if !ok {
			return nil, fmt.Errorf("%q is not a release platform (os_arch from .goreleaser.yml, e.g. linux_amd64), nor all or host", name)
		}
		out = append(out, p)
	}
	return out, nil
}

func findPlatform(name string) (Platform, bool) {
	for _, p := range AllPlatforms() {
		if p.String() == name {
			return p, true
		}
	}
	return Platform{}, false
}
