package sandbox

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"time"
)

// sandboxTLS is a CA made for one sandbox run and the server certificate it
// signed. The CA is in no trust store: a client must be given CAPEM (the
// provider's ca_cert_pem) or skip verification, as with a self-hosted
// On-Premises API behind a private CA.
type sandboxTLS struct {
	config *tls.Config
	caPEM  string
}

// newSandboxTLS makes the CA and a certificate for localhost, the loopback
// addresses and host (the listen address's host, when it names one).
func newSandboxTLS(host string) (*sandboxTLS, error) {
	now := time.Now()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	caTmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "WhatsApp API sandbox CA", Organization: []string{"terraform-provider-whatsapp sandbox"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(30 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		return nil, err
	}

	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	leaf := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: "localhost"},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(30 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	if ip := net.ParseIP(host); ip != nil && !ip.IsUnspecified() && !ip.IsLoopback() {
		leaf.IPAddresses = append(leaf.IPAddresses, ip)
	} else if ip == nil && host != "" && host != "localhost" {
		leaf.DNSNames = append(leaf.DNSNames, host)
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leaf, ca, &key.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	return &sandboxTLS{
		config: &tls.Config{
			MinVersion:   tls.VersionTLS12,
			Certificates: []tls.Certificate{{Certificate: [][]byte{leafDER, caDER}, PrivateKey: key}},
			// HTTP/1.1 only: faults close connections by hijacking them.
			NextProtos: []string{"http/1.1"},
		},
		caPEM: string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})),
	}, nil
}

// listenTLS wraps the listener when Options.TLS is set.
func (s *Server) listenTLS(ln net.Listener) (net.Listener, error) {
	host, _, _ := net.SplitHostPort(s.opts.Addr)
	t, err := newSandboxTLS(host)
	if err != nil {
		return nil, fmt.Errorf("sandbox: make a TLS certificate: %w", err)
	}
	s.caPEM = t.caPEM
	return tls.NewListener(ln, t.config), nil
}

// CACertPEM is the PEM of the CA that signed the sandbox's certificate when
// it serves over TLS (Options.TLS), for the provider's ca_cert_pem; "" otherwise.
func (s *Server) CACertPEM() string { return s.caPEM }
