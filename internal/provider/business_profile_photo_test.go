package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile/mediafiletest"
)

// TestAccBusinessProfile_photoChangedDuringApply: a saved plan hashed one
// file, and the apply finds other bytes. Terraform plans again when it
// applies, sees photo_sha256 differ from the saved plan and stops before
// anything is written (the upload's own check, Profile Photo Changed During
// Apply, covers the moment between that plan and the upload). A new plan then
// sets the new bytes. Then removing photo from the configuration:
// On-Premises deletes the photo Terraform set; Cloud, which has no call for
// it, keeps it and the plan says so.
func TestAccBusinessProfile_photoChangedDuringApply(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			s := startSandbox(t)
			dir := t.TempDir()
			photo := filepath.Join(dir, "logo.png")
			png1, png2 := mediafiletest.PNG(48, 48, 4), mediafiletest.PNG(48, 48, 5)
			writeFile(t, photo, png1)
			r := newTerraformCLI(t, dir)
			r.write("versions.tf", cliProviderBlock())
			withPhoto := fmt.Sprintf("resource \"whatsapp_business_profile\" \"this\" {\n  about = \"Plants\"\n  photo = %q\n}\n", photo)
			r.write("main.tf", profileProviderConfig(flavor, s)+withPhoto)
			r.run("init", "-input=false")
			r.run("plan", "-out=tfplan", "-input=false")

			writeFile(t, photo, png2)
			_, stderr := r.fail("apply", "-input=false", "tfplan")
			if msg := oneLine(stderr); !strings.Contains(msg, "photo_sha256") ||
				!strings.Contains(msg, sha256Hex(png1)) || !strings.Contains(msg, sha256Hex(png2)) {
				t.Fatalf("the apply should stop on photo_sha256, naming both hashes:\n%s", stderr)
			}
			if n := profileWrites(s); n != 0 || s.BusinessProfile().About != "" {
				t.Fatalf("a stopped apply wrote %d times to the profile, want 0", n)
			}
			r.run("apply", "-auto-approve", "-input=false")
			if got := s.BusinessProfile().PhotoSHA256(); got != sha256Hex(png2) {
				t.Fatalf("the profile shows %s, want the new bytes %s", got, sha256Hex(png2))
			}

			// Stop managing the photo.
			r.write("main.tf", profileProviderConfig(flavor, s)+"resource \"whatsapp_business_profile\" \"this\" {\n  about = \"Plants\"\n}\n")
			out, _ := r.run("apply", "-auto-approve", "-input=false")
			stays := strings.Contains(oneLine(out), "WhatsApp Profile Photo Stays")
			p := s.BusinessProfile()
			if flavor == apiCloud && (!stays || p.PhotoSHA256() != sha256Hex(png2)) {
				t.Fatalf("Cloud: the photo should stay, and the plan say so (warned: %v, photo %s):\n%s", stays, p.PhotoSHA256(), out)
			}
			if flavor == apiOnPremises && (stays || p.Photo != nil) {
				t.Fatalf("On-Premises: the photo Terraform set should be deleted (warned: %v, photo %v):\n%s", stays, p.Photo != nil, out)
			}
			r.run("plan", "-detailed-exitcode", "-input=false")
			r.run("destroy", "-auto-approve", "-input=false")
		})
	}
}

// A Cloud photo URL is compared without its query: Meta signs it with an
// expiry that changes while the photo does not.
func TestPhotoKeyIgnoresTheSignedQuery(t *testing.T) {
	a := "https://pps.whatsapp.net/v/t61.24694-24/123_n.jpg?ccb=11-4&oh=01_AAA&oe=66D1B2C3&_nc_cat=1"
	b := "https://pps.whatsapp.net/v/t61.24694-24/123_n.jpg?ccb=11-4&oh=01_BBB&oe=66E9F0A1&_nc_cat=1"
	c := "https://pps.whatsapp.net/v/t61.24694-24/456_n.jpg?ccb=11-4&oh=01_AAA&oe=66D1B2C3&_nc_cat=1"
	if photoKey(a) != photoKey(b) {
		t.Errorf("the same photo with a fresh signature counts as changed: %s vs %s", photoKey(a), photoKey(b))
	}
	if photoKey(a) == photoKey(c) || photoKey(a) == photoKey("") {
		t.Error("another photo, or none, counts as the same")
	}
}

// TestAccBusinessProfile_destroyWarnsWhatStays: the sandbox's profile has no
// about before Terraform sets one, and the API cannot empty it again; Cloud
// cannot remove a photo either. Destroy says which fields keep Terraform's
// values, and leaves them.
func TestAccBusinessProfile_destroyWarnsWhatStays(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			s := startSandbox(t)
			dir := t.TempDir()
			photo := filepath.Join(dir, "logo.png")
			writeFile(t, photo, mediafiletest.PNG(48, 48, 6))
			r := newTerraformCLI(t, dir)
			r.write("versions.tf", cliProviderBlock())
			r.write("main.tf", profileProviderConfig(flavor, s)+
				fmt.Sprintf("resource \"whatsapp_business_profile\" \"this\" {\n  about = \"Plants\"\n  photo = %q\n}\n", photo))
			r.run("init", "-input=false")
			r.run("apply", "-auto-approve", "-input=false")
			out, _ := r.run("destroy", "-auto-approve", "-input=false")
			msg := oneLine(out)
			want := "except about:"
			if flavor == apiCloud {
				want = "except about, photo:"
			}
			if !strings.Contains(msg, "WhatsApp Business Profile Partly Stays") || !strings.Contains(msg, want) {
				t.Fatalf("destroy should warn %q:\n%s", want, out)
			}
			if p := s.BusinessProfile(); p.About != "Plants" || (flavor == apiCloud) != (p.Photo != nil) {
				t.Fatalf("after destroy: about %q, photo kept %v", p.About, p.Photo != nil)
			}
		})
	}
}
