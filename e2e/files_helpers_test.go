package e2e

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"testing"
)

// formFile is a multipart form: text fields (sent first), then one file.
type formFile struct {
	fields   [][2]string
	field    string // the file's form field; default "file"
	filename string
	data     []byte
	after    [][2]string // fields sent after the file (refused)
}

// upload posts f as multipart/form-data to path with a real multipart
// client body.
func upload(t testing.TB, path, token string, f formFile) response {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, kv := range f.fields {
		if err := mw.WriteField(kv[0], kv[1]); err != nil {
			t.Fatal(err)
		}
	}
	if f.filename != "" {
		field := f.field
		if field == "" {
			field = "file"
		}
		// The part's own Content-Type is what a browser sends; the
		// services ignore it and sniff the content.
		w, err := mw.CreateFormFile(field, f.filename)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write(f.data)
	}
	for _, kv := range f.after {
		if err := mw.WriteField(kv[0], kv[1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, env.url+path, &b)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return do(t, req)
}

func do(t testing.TB, req *http.Request) response {
	t.Helper()
	res, err := httpClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{status: res.StatusCode, header: res.Header, body: data}
}

// download GETs a download link (absolute: S3 or the gateway's /files/)
// without any token, as a browser following the link would.
func download(t *testing.T, url string) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return do(t, req)
}

// fixturePDF is the knowledge service's committed two-page PDF.
func fixturePDF(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("../services/knowledge/internal/pdftext/testdata/policy.pdf")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Contents that disguise themselves with another file's name.
var (
	elfBytes = []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x3e\x00\x01\x00\x00\x00")
	pngBytes = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00")
)
