// Package partialcreate reproduces, with a provider of a few dozen lines and
// the real Terraform CLI, how a CLI stores a resource whose create failed
// after the remote object came to exist: the provider returns the object
// (partial state) together with an error, and Terraform must keep it in state
// as tainted. Terraform 1.16 writes it with no status at all and then cannot
// save its state (docs/development/terraform-1.16-state.md).
//
// Its only code is its test: nothing here is part of the whatsapp provider.
package partialcreate
