package main

import (
	"fmt"
	"io"
	"os"
)

// writeCACert writes the sandbox's CA for -ca-cert-file; nothing when path is "".
func writeCACert(path, pem string) error {
	if path == "" {
		return nil
	}
	if err := writeAtomically(path, pem); err != nil {
		return fmt.Errorf("write -ca-cert-file: %w", err)
	}
	return nil
}

// removeCACert removes the CA file on exit: it only fits this run's certificate.
func removeCACert(path string) {
	if path != "" {
		_ = os.Remove(path) // best effort
	}
}

// printTLSHowTo says how to make the provider trust the sandbox over https.
func printTLSHowTo(w io.Writer, tls bool, caFile string) {
	if !tls {
		return
	}
	fmt.Fprintf(w, "TLS: the certificate comes from a CA made for this run, which nothing trusts yet. In the provider block:\n")
	if caFile != "" {
		fmt.Fprintf(w, "    ca_cert_pem = file(%q)\n", caFile)
	} else {
		fmt.Fprintf(w, "    ca_cert_pem = ...   (start with -ca-cert-file to get the CA as a file)\n")
	}
	fmt.Fprintf(w, "  or, for a throwaway test only: insecure_skip_verify = true\n\n")
}
