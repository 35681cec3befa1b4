package provider

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile"
)

// mediaSource is where a whatsapp_media's bytes come from: a file (source) or
// base64 content (content_base64). Both are streamed, at plan time to hash
// them and at apply time to upload them.
type mediaSource struct {
	file    string // source, when set
	content string // content_base64, when source is not set
	// name is how messages name the bytes: the path, or content_base64 plus
	// the file name when one was given.
	name string
	// hint is a file name whose extension can tell the type when the bytes
	// cannot: the path, or the filename argument.
	hint string
	attr path.Path // the argument errors about the bytes belong to
}

func mediaSourceOf(m mediaModel) mediaSource {
	if !m.Source.IsNull() {
		p := m.Source.ValueString()
		return mediaSource{file: p, name: p, hint: p, attr: path.Root("source")}
	}
	s := mediaSource{content: m.ContentBase64.ValueString(), name: "content_base64", attr: path.Root("content_base64")}
	if !m.Filename.IsNull() && !m.Filename.IsUnknown() {
		s.hint = m.Filename.ValueString()
		s.name = fmt.Sprintf("content_base64 (filename %q)", s.hint)
	}
	return s
}

// inspect hashes, measures and sniffs the bytes in one streamed pass.
func (s mediaSource) inspect() (mediafile.Info, error) {
	if s.file != "" {
		return mediafile.InspectFile(s.file)
	}
	return mediafile.InspectBase64(s.content, s.hint)
}

// open returns the bytes for an upload as a rewindable stream, and their size
// right now (a file may have changed since it was planned).
func (s mediaSource) open() (io.ReadSeeker, int64, func(), error) {
	if s.file == "" {
		// The plan already proved the content valid, so its length tells the size.
		return mediafile.OpenBase64(s.content), mediafile.DecodedLen(s.content), func() {}, nil
	}
	f, err := os.Open(s.file)
	if err != nil {
		return nil, 0, nil, fmt.Errorf("%s cannot be opened: %w", s.file, err)
	}
	st, err := f.Stat()
	if err != nil {
		_ = f.Close()
		return nil, 0, nil, fmt.Errorf("%s cannot be read: %w", s.file, err)
	}
	return f, st.Size(), func() { _ = f.Close() }, nil
}

// defaultFilename is the filename when the argument is not set: the base
// name of source, or null for content_base64.
func (s mediaSource) defaultFilename() types.String {
	if s.file == "" {
		return types.StringNull()
	}
	return types.StringValue(filepath.Base(s.file))
}
