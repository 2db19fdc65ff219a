package pdftext_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/services/knowledge/internal/pdftext"
)

func TestTextOfEveryPage(t *testing.T) {
	data, err := os.ReadFile("testdata/policy.pdf")
	if err != nil {
		t.Fatal(err)
	}
	text, err := pdftext.Text(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"returned within 60 days", "two year warranty"} {
		if !strings.Contains(text, want) {
			t.Errorf("text %q lacks %q", text, want)
		}
	}
}

func TestDamagedPDFIsA422(t *testing.T) {
	data, _ := os.ReadFile("testdata/policy.pdf")
	for name, bad := range map[string][]byte{
		"truncated":   data[:len(data)/2],
		"header only": []byte("%PDF-1.4\n"),
		"garbage":     append([]byte("%PDF-1.4\n"), strings.Repeat("\x00\xff(", 500)...),
	} {
		_, err := pdftext.Text(bad)
		var ve *errs.ValidationError
		if !errors.As(err, &ve) || ve.Violations[0].Field != "file" {
			t.Errorf("%s: %v, want a validation error on file", name, err)
		}
	}
}
