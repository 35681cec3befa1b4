package provider

import "github.com/hashicorp/terraform-plugin-go/tfprotov6"

// StoppingDiagnostic is the answer of a plugin whose Terraform is gone
// (internal/lifecycle) to a call that would send: it starts nothing.
// Nobody should read it, as Terraform is gone, but a call needs an answer.
func StoppingDiagnostic() *tfprotov6.Diagnostic {
	return &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityError,
		Summary: "WhatsApp Provider Stopping",
		Detail: "The provider is stopping because the Terraform process that started it is gone; nothing was " +
			"sent for this call. Run Terraform again: the record of sends tells the next plan what was sent."}
}
