package release

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Signer makes detached signatures with gpg (Debian's gnupg package).
type Signer struct {
	// KeyID is the signing key's fingerprint (gpg --local-user).
	KeyID string
	// GNUPGHome is the keyring's folder; empty uses gpg's default (the
	// GNUPGHOME environment variable, else ~/.gnupg).
	GNUPGHome string
	// throwaway is set for a key made by NewThrowawaySigner: Close removes it.
	throwaway bool
}

// DetachSign writes file's detached binary signature to sig, as the
// registry expects for SHA256SUMS (goreleaser's signs: --detach-sign).
func (s *Signer) DetachSign(ctx context.Context, file, sig string) error {
	_, err := s.gpg(ctx, "--batch", "--yes", "--local-user", s.KeyID, "--output", sig, "--detach-sign", file)
	return err
}

// ExportPublicKey writes the key's public half, ASCII-armored, to path.
func (s *Signer) ExportPublicKey(ctx context.Context, path string) error {
	out, err := s.gpg(ctx, "--batch", "--armor", "--export", s.KeyID)
	if err != nil {
		return err
	}
	if len(out) == 0 {
		return fmt.Errorf("gpg exported no public key for %s", s.KeyID)
	}
	return os.WriteFile(path, out, 0o644)
}

// NewThrowawaySigner makes an RSA signing key in a new keyring under dir, for
// snapshot builds and tests: their signature proves the signing step works,
// and the key's public half is exported beside the build to check it with.
// A real release signs with the key named by GPG_FINGERPRINT instead.
func NewThrowawaySigner(ctx context.Context, dir string) (*Signer, error) {
	home, err := os.MkdirTemp(dir, "gnupg-")
	if err != nil {
		return nil, err
	}
	s := &Signer{GNUPGHome: home, throwaway: true}
	// No passphrase: the key lives as long as the build. RSA, because the
	// Terraform Registry takes RSA and DSA keys.
	if _, err := s.gpg(ctx, "--batch", "--passphrase", "", "--quick-gen-key",
		ProjectName+" snapshot build <snapshot@invalid>", "rsa3072", "sign", "2d"); err != nil {
		_ = os.RemoveAll(home)
		return nil, err
	}
	out, err := s.gpg(ctx, "--batch", "--with-colons", "--list-secret-keys")
	if err != nil {
		s.Close()
		return nil, err
	}
	for _, line := range strings.Split(string(out), "\n") {
		if f := strings.Split(line, ":"); len(f) > 9 && f[0] == "fpr" {
			s.KeyID = f[9]
			return s, nil
		}
	}
	s.Close()
	return nil, errors.New("gpg made a key but listed no fingerprint for it")
}

// Close stops the gpg-agent a throwaway keyring started and removes the
// keyring; it does nothing for a real key.
func (s *Signer) Close() {
	if !s.throwaway {
		return
	}
	kill := exec.Command("gpgconf", "--kill", "gpg-agent")
	kill.Env = append(os.Environ(), "GNUPGHOME="+s.GNUPGHome)
	_ = kill.Run() // a leftover agent exits by itself when its folder is gone
	_ = os.RemoveAll(s.GNUPGHome)
}

func (s *Signer) gpg(ctx context.Context, args ...string) ([]byte, error) {
	if _, err := exec.LookPath("gpg"); err != nil {
		return nil, errors.New("gpg is not installed: install Debian's gnupg package (apt-get install gnupg)")
	}
	cmd := exec.CommandContext(ctx, "gpg", args...)
	cmd.Env = os.Environ()
	if s.GNUPGHome != "" {
		home, err := filepath.Abs(s.GNUPGHome)
		if err != nil {
			return nil, err
		}
		cmd.Env = append(cmd.Env, "GNUPGHOME="+home)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("gpg %s: %w\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return out, nil
}
