package provider

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// The QR image file a whatsapp_qr_code writes where image_path says. Its
// SHA-256 is kept in state, so a file removed or changed on disk shows in the
// next plan and the apply writes it again.

// writeQRImage writes data to file (creating its folder) through a temporary
// file renamed into place, so a reader never sees half an image, and returns
// the SHA-256 of data.
func writeQRImage(file string, data []byte) (string, error) {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), ".qr-*")
	if err != nil {
		return "", err
	}
	defer func() { _ = os.Remove(tmp.Name()) }() // gone after the rename; cleans up on failure
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return "", err
	}
	if err := os.Rename(tmp.Name(), file); err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}

// fileSHA256 is the SHA-256 of file, "" when it does not exist.
func fileSHA256(file string) (string, error) {
	data, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}

// removeQRImage removes file if it still holds the image written (sum), so a
// file the user replaced is left alone.
func removeQRImage(file, sum string) error {
	if file == "" {
		return nil
	}
	got, err := fileSHA256(file)
	if err != nil || got == "" || got != sum {
		return err
	}
	return os.Remove(file)
}
