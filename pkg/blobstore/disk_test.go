package blobstore_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/pkg/blobstore"
	"github.com/copydesk/copydesk/pkg/errs"
)

const company = "64b7f0c2a1b2c3d4e5f60718"

func mustKey(t *testing.T, kind string) string {
	t.Helper()
	key, err := blobstore.Key(company, kind, "64b7f0c2a1b2c3d4e5f60719")
	if err != nil {
		t.Fatal(err)
	}
	return key
}

func TestKeyIsBuiltFromIDsOnly(t *testing.T) {
	if k := mustKey(t, "attachments"); k != "companies/"+company+"/attachments/64b7f0c2a1b2c3d4e5f60719" {
		t.Fatalf("key %q", k)
	}
	for _, parts := range [][3]string{{"../x", "a", company}, {company, "../", company}, {company, "a", "report.pdf"}, {"", "a", company}} {
		if _, err := blobstore.Key(parts[0], parts[1], parts[2]); err == nil {
			t.Errorf("Key%v accepted", parts)
		}
	}
}

func TestDiskLinkServedByFileHandler(t *testing.T) {
	dir := t.TempDir()
	signer := blobstore.NewSigner("a-secret-of-at-least-32-bytes-long!!")
	srv := httptest.NewServer(blobstore.NewFileHandler(filepath.Join(dir, "files"), signer))
	t.Cleanup(srv.Close)
	st := blobstore.NewDisk(filepath.Join(dir, "files"), signer, srv.URL)
	if _, err := st.Get(t.Context(), mustKey(t, "attachments")); !errors.Is(err, errs.ErrNotFound) {
		t.Fatalf("Get before the directory exists: %v", err)
	}
	key := mustKey(t, "attachments")
	if err := st.Put(t.Context(), key, []byte("<script>alert(1)</script>"), "text/plain"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "files", filepath.FromSlash(key))); err != nil {
		t.Fatalf("file not under its key: %v", err)
	}
	link, err := st.Link(t.Context(), key, blobstore.Download{Filename: "notes ü.txt", ContentType: "text/plain; charset=utf-8"})
	if err != nil {
		t.Fatal(err)
	}
	res := get(t, link.URL)
	if res.code != 200 || res.body != "<script>alert(1)</script>" {
		t.Fatalf("GET link: %d %q", res.code, res.body)
	}
	for h, want := range map[string]string{
		"Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff",
		"Content-Disposition":     "attachment; filename*=utf-8''notes%20%C3%BC.txt",
		"Content-Security-Policy": "sandbox; default-src 'none'",
	} {
		if got := res.header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}

	u, _ := url.Parse(link.URL)
	tamper := func(k, v string) string {
		q := u.Query()
		q.Set(k, v)
		c := *u
		c.RawQuery = q.Encode()
		return c.String()
	}
	other := strings.Replace(link.URL, "64b7f0c2a1b2c3d4e5f60719", "64b7f0c2a1b2c3d4e5f6071a", 1)
	for name, bad := range map[string]string{
		"another key":         other,
		"content type":        tamper("type", "text/html"),
		"later expiry":        tamper("expires", "9999999999"),
		"no signature":        tamper("signature", ""),
		"path out of the dir": srv.URL + "/files/../../etc/passwd?" + u.RawQuery,
	} {
		if r := get(t, bad); r.code != 404 {
			t.Errorf("%s: %d, want 404", name, r.code)
		}
	}
	expired, _ := url.Parse(srv.URL + blobstore.FilesPrefix + key)
	q := signer.Sign(key, link.ExpiresAt.Add(-10*60e9), "x", "text/plain")
	expired.RawQuery = q.Encode()
	if r := get(t, expired.String()); r.code != 404 {
		t.Errorf("expired link: %d, want 404", r.code)
	}

	if err := st.Delete(t.Context(), key); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Get(t.Context(), key); !errors.Is(err, errs.ErrNotFound) {
		t.Fatalf("Get after Delete: %v", err)
	}
	if r := get(t, link.URL); r.code != 404 {
		t.Errorf("deleted file: %d, want 404", r.code)
	}
}

type answer struct {
	code   int
	body   string
	header http.Header
}

func get(t *testing.T, u string) answer {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return answer{res.StatusCode, string(b), res.Header}
}

// TestDiskStartsWithoutAWritableDir: a process whose DATA_DIR cannot be
// written (a read-only container without a volume) starts; only its
// writes fail.
func TestDiskStartsWithoutAWritableDir(t *testing.T) {
	st, err := blobstore.Open(t.Context(), blobstore.Config{DataDir: "/dev/null/data", LinkSecret: "a-secret-of-at-least-32-bytes-long!!"})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if err := st.Put(t.Context(), mustKey(t, "attachments"), []byte("x"), "text/plain"); err == nil {
		t.Fatal("Put under /dev/null succeeded")
	}
}

// TestDiskRefusesAWeakLinkSecret: tickets and knowledge sign download
// links with FILES_LINK_SECRET; without one, or with a short one, they do
// not start (the gateway checks the same rule before it serves /files/).
func TestDiskRefusesAWeakLinkSecret(t *testing.T) {
	for _, c := range []struct{ secret, want string }{
		{"", "FILES_LINK_SECRET is required"},
		{"0123456789abcdef0123456789abcde", "at least 32 bytes"},
	} {
		if _, err := blobstore.Open(t.Context(), blobstore.Config{DataDir: t.TempDir(), LinkSecret: c.secret}); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("secret %q: err = %v, want %q", c.secret, err, c.want)
		}
	}
	if _, err := blobstore.Open(t.Context(), blobstore.Config{DataDir: t.TempDir(), LinkSecret: "0123456789abcdef0123456789abcdef"}); err != nil {
		t.Errorf("a 32-byte secret: %v", err)
	}
}
