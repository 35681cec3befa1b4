package release

import "fmt"

// The provider's registry address, sandeshlive/whatsapp, on the two hosts
// its users install from: Terraform's registry and OpenTofu's. Each CLI
// reads a bare source = "sandeshlive/whatsapp" as on its own host.
const (
	ProjectName = "terraform-provider-whatsapp"
	Namespace   = "sandeshlive"
	Type        = "whatsapp"
)

// RegistryHosts are the hosts a mirror serves the provider under.
var RegistryHosts = []string{"registry.terraform.io", "registry.opentofu.org"}

// BinaryName is the executable inside a zip (.goreleaser.yml's binary,
// with the .exe goreleaser adds on Windows). Terraform runs any file named
// terraform-provider-TYPE*, and the version in the name tells apart builds
// in a plugin cache.
func BinaryName(version string, p Platform) string {
	name := fmt.Sprintf("%s_v%s", ProjectName, version)
	if p.OS == "windows" {
		name += ".exe"
	}
	return name
}

// ZipName is one platform's archive (.goreleaser.yml's archives name_template).
func ZipName(version string, p Platform) string {
	return fmt.Sprintf("%s_%s_%s.zip", ProjectName, version, p)
}

// ManifestName is the registry manifest's name in a release.
func ManifestName(version string) string {
	return fmt.Sprintf("%s_%s_manifest.json", ProjectName, version)
}

// SumsName is the checksum file's name in a release; the signature is SumsName + ".sig".
func SumsName(version string) string {
	return fmt.Sprintf("%s_%s_SHA256SUMS", ProjectName, version)
}
