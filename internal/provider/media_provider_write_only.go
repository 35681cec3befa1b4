package provider

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The write-only secrets of whatsapp_media_provider. Terraform never stores a
// write-only value, so Create and Update read it from the configuration, and
// Read cannot compare the server's secret with anything in state. To still
// notice a secret changed outside Terraform, the resource keeps, in its
// private state, a salted SHA-256 of the last secret it sent: never the
// secret, and never in the plan.

// Names of the write-only attributes; each is also its private state key.
const (
	attrBearerTokenWO   = "bearer_token_wo"
	attrBasicPasswordWO = "basic_password_wo"
)

// writeOnlyCLIs is what each write-only attribute's description says it needs.
const writeOnlyCLIs = "Needs Terraform >= 1.11 or OpenTofu >= 1.11 (older CLIs refuse a value here)."

// privateState is the part of the framework's private state data the resource
// uses (the framework's type is internal to it).
type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// secretFingerprint is a salted SHA-256 of a secret. The random salt makes
// equal secrets of two resources look different, and stops precomputed
// tables; it does not make a guessable password safe, which the docs say.
type secretFingerprint struct {
	Salt   string `json:"salt"`
	SHA256 string `json:"sha256"`
}

func newSecretFingerprint(secret string) (secretFingerprint, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return secretFingerprint{}, err
	}
	return secretFingerprint{Salt: hex.EncodeToString(salt), SHA256: saltedSHA256(salt, secret)}, nil
}

// matches tells whether secret is the one the fingerprint was made from.
func (f secretFingerprint) matches(secret string) bool {
	salt, err := hex.DecodeString(f.Salt)
	if err != nil {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(saltedSHA256(salt, secret)), []byte(f.SHA256)) == 1
}

func saltedSHA256(salt []byte, secret string) string {
	h := sha256.New()
	h.Write(salt)
	h.Write([]byte(secret))
	return hex.EncodeToString(h.Sum(nil))
}

// rememberWriteOnlySecret records in private state the fingerprint of the
// write-only secret just sent under key, or forgets it when the configuration
// gave that secret another way (or not at all).
func rememberWriteOnlySecret(ctx context.Context, private privateState, key string, sent types.String) diag.Diagnostics {
	if sent.IsNull() || sent.IsUnknown() {
		return private.SetKey(ctx, key, nil)
	}
	var diags diag.Diagnostics
	fp, err := newSecretFingerprint(sent.ValueString())
	if err == nil {
		var data []byte
		if data, err = json.Marshal(fp); err == nil {
			return private.SetKey(ctx, key, data)
		}
	}
	// The secret was sent; only drift detection is lost. Say so, do not fail.
	diags.AddWarning("Unable to Record WhatsApp Media Provider Secret Fingerprint",
		"The "+key+" was sent to the API, but its fingerprint could not be recorded, so a change made to it "+
			"outside Terraform will not show in plans. Apply again to record it: "+err.Error())
	return diags
}

// writeOnlySecretFingerprint returns the fingerprint recorded under key, and
// false when the secret under key is not given write-only.
func writeOnlySecretFingerprint(ctx context.Context, private privateState, key string) (secretFingerprint, bool, diag.Diagnostics) {
	data, diags := private.GetKey(ctx, key)
	if diags.HasError() || len(data) == 0 {
		return secretFingerprint{}, false, diags
	}
	var fp secretFingerprint
	if err := json.Unmarshal(data, &fp); err != nil {
		// Unreadable: treat the secret as write-only but changed, so the plan re-sends it.
		return secretFingerprint{}, true, diags
	}
	return fp, true, diags
}
