// Package release builds what the Terraform Registry takes from a provider
// release, without goreleaser: one zip per platform, the registry manifest,
// the SHA256SUMS file and its detached GPG signature. .goreleaser.yml stays
// the declaration of that build (platforms, flags, names); goreleaser_test.go
// keeps this package and that file in agreement.
//
// It also lays those zips out as provider mirrors (mirror.go): the unpacked
// filesystem mirror `make install` fills and the network mirror protocol's
// static files, so `terraform init` installs a build with a plain
// required_providers block.
package release
