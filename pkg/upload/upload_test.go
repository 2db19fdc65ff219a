package upload_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/upload"
)

var docs = []upload.Kind{upload.Markdown, upload.HTML, upload.Text, upload.PDF}

func TestCheckSniffsTheContentNotTheName(t *testing.T) {
	elf := "\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x3e\x00"
	png := "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
	for _, tc := range []struct {
		name, data string
		want       error
		ctype      string
	}{
		{"returns.md", "# Returns\n\n60 days.", nil, "text/markdown; charset=utf-8"},
		{"RETURNS.MD", "# Returns", nil, "text/markdown; charset=utf-8"},
		{"page.html", "<!DOCTYPE html><p>Hi</p>", nil, "text/html; charset=utf-8"},
		{"fragment.html", "<section>Hi</section>", nil, "text/html; charset=utf-8"},
		{"notes.txt", "plain words", nil, "text/plain; charset=utf-8"},
		{"guide.pdf", "%PDF-1.4\n%âãÏÓ\n", nil, "application/pdf"},
		{"tool.md", elf, errs.ErrUnsupportedMediaType, ""},
		{"photo.pdf", png, errs.ErrUnsupportedMediaType, ""},
		{"doc.pdf", "just text", errs.ErrUnsupportedMediaType, ""},
		{"run.exe", "MZ\x90\x00", errs.ErrUnsupportedMediaType, ""},
		{"noext", "text", errs.ErrUnsupportedMediaType, ""},
		{"empty.txt", "", errs.ErrBadRequest, ""},
		{"big.txt", strings.Repeat("a", 101), errs.ErrTooLarge, ""},
	} {
		f, err := upload.Check(tc.name, []byte(tc.data), 100, docs)
		if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("%s: err %v, want %v", tc.name, err, tc.want)
			continue
		}
		if err == nil && f.Kind.ContentType != tc.ctype {
			t.Errorf("%s: content type %q, want %q", tc.name, f.Kind.ContentType, tc.ctype)
		}
	}
}

func TestDisplayName(t *testing.T) {
	for in, want := range map[string]string{
		"../../etc/passwd":               "passwd",
		`C:\Users\me\brief.pdf`:          "brief.pdf",
		"  Q3   brief .pdf ":             "Q3 brief .pdf",
		".htaccess":                      "htaccess",
		"in\x00voice\n.pdf":              "invoice .pdf",
		"evil\u202egnp.exe":              "evilgnp.exe",
		"":                               "file",
		"...":                            "file",
		"caf\xe9.txt":                    "caf.txt",
		strings.Repeat("ü", 300) + ".md": strings.Repeat("ü", upload.MaxNameRunes-3) + ".md",
	} {
		if got := upload.DisplayName(in); got != want {
			t.Errorf("DisplayName(%q) = %q, want %q", in, got, want)
		}
	}
}
