// Package mediafiletest makes small, genuine media files for tests: real PNG
// and JPEG images from the standard encoders, and WebP, MP3, MP4, PDF and ZIP
// files with the minimal valid headers that content sniffing recognises.
// A seed varies the bytes, so tests can change a file and expect a new hash.
package mediafiletest

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
)

func picture(w, h int, seed byte) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{byte(x) + seed, byte(y) * seed, seed, 255})
		}
	}
	return img
}

// PNG returns a real w x h PNG image.
func PNG(w, h int, seed byte) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, picture(w, h, seed)); err != nil {
		panic(err) // cannot fail on an in-memory image
	}
	return b.Bytes()
}

// JPEG returns a real w x h JPEG image.
func JPEG(w, h int, seed byte) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, picture(w, h, seed), &jpeg.Options{Quality: 80}); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func riff(form string, chunks ...[]byte) []byte {
	body := []byte(form)
	for _, c := range chunks {
		body = append(body, c...)
	}
	out := []byte("RIFF")
	out = binary.LittleEndian.AppendUint32(out, uint32(len(body)))
	return append(out, body...)
}

func chunk(tag string, data []byte) []byte {
	out := []byte(tag)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(data)))
	out = append(out, data...)
	if len(data)%2 == 1 {
		out = append(out, 0) // RIFF chunks are padded to even length
	}
	return out
}

// WebP returns a static 512x512 lossless WebP header (a sticker's shape)
// followed by pad bytes of payload, so tests can choose the file size.
func WebP(pad int, seed byte) []byte {
	// VP8L: signature 0x2f, then 14-bit width-1 and height-1, alpha, version.
	bits := uint32(511) | uint32(511)<<14 | 1<<28
	data := []byte{0x2f}
	data = binary.LittleEndian.AppendUint32(data, bits)
	data = append(data, filler(pad, seed)...)
	return riff("WEBP", chunk("VP8L", data))
}

// AnimatedWebP returns an extended 512x512 WebP with the animation flag set,
// followed by pad bytes of payload.
func AnimatedWebP(pad int, seed byte) []byte {
	vp8x := []byte{0x02 | 0x10, 0, 0, 0}                    // flags: animation + alpha
	vp8x = append(vp8x, 0xff, 0x01, 0x00, 0xff, 0x01, 0x00) // canvas width-1, height-1 (24-bit)
	anim := []byte{0, 0, 0, 0, 0, 0}                        // background colour, loop count
	return riff("WEBP", chunk("VP8X", vp8x), chunk("ANIM", anim), chunk("ANMF", filler(pad, seed)))
}

// MP3 returns an ID3v2.4 tag followed by MPEG-1 Layer III frames.
func MP3(frames int, seed byte) []byte {
	out := []byte("ID3\x04\x00\x00\x00\x00\x00\x0a")
	out = append(out, "TIT2\x00\x00\x00\x02\x00\x00\x03"...) // a 10-byte tag body: one tiny frame
	out = append(out, seed)
	// 128 kbit/s, 44.1 kHz frames are 417 bytes long.
	for i := 0; i < frames; i++ {
		frame := make([]byte, 417)
		copy(frame, []byte{0xff, 0xfb, 0x90, 0x64})
		frame[4] = seed + byte(i)
		out = append(out, frame...)
	}
	return out
}

// MP4 returns an ISO base media file: an "isom" ftyp box and an mdat box of
// pad bytes.
func MP4(pad int, seed byte) []byte {
	ftyp := []byte{0, 0, 0, 0x20}
	ftyp = append(ftyp, "ftypisom\x00\x00\x02\x00isomiso2avc1mp41"...)
	mdat := binary.BigEndian.AppendUint32(nil, uint32(8+pad))
	mdat = append(mdat, "mdat"...)
	mdat = append(mdat, filler(pad, seed)...)
	return append(ftyp, mdat...)
}

// PDF returns a one-page PDF.
func PDF(seed byte) []byte {
	return []byte(fmt.Sprintf("%%PDF-1.4\n%%\xe2\xe3\xcf\xd3\n"+
		"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"+
		"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"+
		"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj\n"+
		"%% seed %d\ntrailer << /Root 1 0 R >>\n%%%%EOF\n", seed))
}

// ZIP returns a zip archive holding one small text file.
func ZIP(seed byte) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.Create("notes.txt")
	if err != nil {
		panic(err)
	}
	fmt.Fprintf(w, "release notes %d\n", seed)
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// filler is n bytes that depend on seed, and that no sniffer mistakes for text.
func filler(n int, seed byte) []byte {
	out := make([]byte, n)
	for i := range out {
		out[i] = byte(i*31) ^ seed | 0x80
	}
	return out
}
