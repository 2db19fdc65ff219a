// Package pdftext extracts the text of a PDF with github.com/ledongthuc/pdf
// (pure Go, maintained fork of rsc.io/pdf with text extraction; see the
// knowledge README for the choice). Pages are separated by blank lines, so
// the text chunker sees each page as its own paragraphs.
package pdftext

import (
	"bytes"
	"strings"

	"github.com/ledongthuc/pdf"

	"github.com/copydesk/copydesk/pkg/errs"
)

// MaxPages bounds the pages read from one file.
const MaxPages = 2000

// Text returns the text of every page. A file the library cannot read
// (damaged, encrypted, or one that makes it panic) is a 422 on "file";
// a PDF without extractable text (scanned images) too.
func Text(data []byte) (text string, err error) {
	defer func() {
		if r := recover(); r != nil {
			text, err = "", unreadable()
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", unreadable()
	}
	n := r.NumPage()
	if n > MaxPages {
		return "", errs.New(errs.ErrTooLarge, "The PDF has more than %d pages", MaxPages)
	}
	var b strings.Builder
	fonts := map[string]*pdf.Font{}
	for i := 1; i <= n; i++ {
		p := r.Page(i)
		if p.V.IsNull() {
			continue
		}
		for _, name := range p.Fonts() {
			if _, ok := fonts[name]; !ok {
				f := p.Font(name)
				fonts[name] = &f
			}
		}
		t, err := p.GetPlainText(fonts)
		if err != nil {
			return "", unreadable()
		}
		if t = strings.TrimSpace(t); t != "" {
			b.WriteString(t)
			b.WriteString("\n\n")
		}
	}
	if strings.TrimSpace(b.String()) == "" {
		var v errs.Validator
		v.Add("file", "value_error", "The PDF has no extractable text (a scan needs OCR first)")
		return "", v.Err()
	}
	return b.String(), nil
}

func unreadable() error {
	var v errs.Validator
	v.Add("file", "value_error", "The PDF could not be read (damaged or encrypted)")
	return v.Err()
}
