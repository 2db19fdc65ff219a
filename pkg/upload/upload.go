// Package upload checks an uploaded file before anything keeps it: its
// size against a limit, its type from its content (http.DetectContentType)
// against an allowlist keyed by the name's extension — the client's
// Content-Type header is never trusted — and its name, which is cleaned
// for display only and is never a path or part of a storage key.
package upload

import (
	"mime"
	"net/http"
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/pkg/errs"
)

// Kind is one accepted file type.
type Kind struct {
	// Exts are the lowercase extensions (with the dot) that name it.
	Exts []string
	// ContentType is the type the file is stored and served with.
	ContentType string
	// Sniffed are the media types http.DetectContentType may find in such
	// a file (its parameters ignored).
	Sniffed []string
}

// Common kinds.
var (
	Text     = Kind{Exts: []string{".txt"}, ContentType: "text/plain; charset=utf-8", Sniffed: []string{"text/plain"}}
	Markdown = Kind{Exts: []string{".md", ".markdown"}, ContentType: "text/markdown; charset=utf-8", Sniffed: []string{"text/plain"}}
	// HTML: a fragment that does not open with a tag the sniffer knows is
	// plain text to it.
	HTML = Kind{Exts: []string{".html", ".htm"}, ContentType: "text/html; charset=utf-8", Sniffed: []string{"text/html", "text/plain"}}
	CSV  = Kind{Exts: []string{".csv"}, ContentType: "text/csv; charset=utf-8", Sniffed: []string{"text/plain"}}
	PDF  = Kind{Exts: []string{".pdf"}, ContentType: "application/pdf", Sniffed: []string{"application/pdf"}}
	PNG  = Kind{Exts: []string{".png"}, ContentType: "image/png", Sniffed: []string{"image/png"}}
	JPEG = Kind{Exts: []string{".jpg", ".jpeg"}, ContentType: "image/jpeg", Sniffed: []string{"image/jpeg"}}
	GIF  = Kind{Exts: []string{".gif"}, ContentType: "image/gif", Sniffed: []string{"image/gif"}}
	WebP = Kind{Exts: []string{".webp"}, ContentType: "image/webp", Sniffed: []string{"image/webp"}}
	// Office Open XML files are ZIP archives to the sniffer.
	DOCX = Kind{Exts: []string{".docx"}, ContentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Sniffed: []string{"application/zip"}}
	XLSX = Kind{Exts: []string{".xlsx"}, ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Sniffed: []string{"application/zip"}}
	PPTX = Kind{Exts: []string{".pptx"}, ContentType: "application/vnd.openxmlformats-officedocument.presentationml.presentation", Sniffed: []string{"application/zip"}}
)

// File is an accepted upload.
type File struct {
	// Name is the display name (DisplayName of the client's name).
	Name string
	// Ext is the lowercase extension that chose Kind.
	Ext  string
	Kind Kind
	Size int
}

// Check accepts data named name when it is at most maxBytes long, its
// extension is one of allowed's and its content sniffs as that kind. A
// file over the limit is errs.ErrTooLarge; an unknown extension, or
// content of another type (an executable named .pdf), is
// errs.ErrUnsupportedMediaType.
func Check(name string, data []byte, maxBytes int, allowed []Kind) (File, error) {
	if len(data) > maxBytes {
		return File{}, errs.New(errs.ErrTooLarge, "The file is larger than the limit of %d bytes", maxBytes)
	}
	if len(data) == 0 {
		return File{}, errs.New(errs.ErrBadRequest, "The file is empty")
	}
	display := DisplayName(name)
	ext := strings.ToLower(path.Ext(display))
	i := slices.IndexFunc(allowed, func(k Kind) bool { return slices.Contains(k.Exts, ext) })
	if i < 0 {
		return File{}, errs.New(errs.ErrUnsupportedMediaType, "Files of this type are not accepted; accepted: %s", strings.Join(Extensions(allowed), ", "))
	}
	sniffed, _, _ := mime.ParseMediaType(http.DetectContentType(data))
	if !slices.Contains(allowed[i].Sniffed, sniffed) {
		return File{}, errs.New(errs.ErrUnsupportedMediaType, "The file's content is not %s", ext)
	}
	return File{Name: display, Ext: ext, Kind: allowed[i], Size: len(data)}, nil
}

// Extensions lists the extensions of kinds.
func Extensions(kinds []Kind) []string {
	var out []string
	for _, k := range kinds {
		out = append(out, k.Exts...)
	}
	return out
}

// MaxNameRunes bounds a display name.
const MaxNameRunes = 200

// DisplayName is a client's file name made safe to show: the last element
// of any path (either slash), invalid UTF-8, control and format characters
// (bidi overrides included) dropped, white space collapsed, leading dots
// removed, at most MaxNameRunes runes keeping the extension; "file" when
// nothing is left. It is only ever shown, never used as a path.
func DisplayName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	var b strings.Builder
	space := false
	for _, r := range strings.ToValidUTF8(name, "") {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r), r == utf8.RuneError:
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	out := strings.TrimLeft(b.String(), ".")
	if rs := []rune(out); len(rs) > MaxNameRunes {
		ext := []rune(path.Ext(out))
		if len(ext) > 16 {
			ext = nil
		}
		out = string(rs[:MaxNameRunes-len(ext)]) + string(ext)
	}
	if strings.TrimSpace(out) == "" {
		return "file"
	}
	return out
}
