package edge_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/gateway/internal/edge"
	"github.com/copydesk/copydesk/pkg/blobstore"
	"github.com/copydesk/copydesk/pkg/config"
	"github.com/copydesk/copydesk/pkg/ids"
)

// The gateway checks the disk store's download links (/files/) with
// FILES_LINK_SECRET: without one it used to check them with a key derived
// from the empty string, so anyone could forge a link to any file. It now
// refuses to start instead, and refuses a short secret too.
func TestFileLinksNeedALinkSecret(t *testing.T) {
	t.Parallel()
	load := func(vars map[string]string) edge.Config {
		t.Helper()
		c, err := edge.LoadConfig(config.FromMap(vars))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	dir := t.TempDir()
	for _, c := range []struct {
		name string
		vars map[string]string
		want string
	}{
		{"no secret", map[string]string{"DATA_DIR": dir}, "FILES_LINK_SECRET is required"},
		{"empty secret", map[string]string{"DATA_DIR": dir, "FILES_LINK_SECRET": ""}, "FILES_LINK_SECRET is required"},
		{"short secret", map[string]string{"DATA_DIR": dir, "FILES_LINK_SECRET": "0123456789abcdef0123456789abcde"}, "FILES_LINK_SECRET must be at least 32 bytes"},
	} {
		h, err := load(c.vars).FileLinks()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: handler %v, error %v; want an error with %q", c.name, h, err, c.want)
		}
	}

	// S3 holds the files: no /files/ route, no secret needed.
	if h, err := load(map[string]string{"AWS_S3_BUCKET": "copydesk-files"}).FileLinks(); h != nil || err != nil {
		t.Errorf("with a bucket: handler %v, error %v; want neither", h, err)
	}

	// With a secret: its links open, a link signed with the empty
	// string's key does not.
	secret := "k8s-check-placeholder-value-0123456789abcdef"
	h, err := load(map[string]string{"DATA_DIR": dir, "FILES_LINK_SECRET": secret}).FileLinks()
	if err != nil || h == nil {
		t.Fatalf("with a secret: handler %v, error %v", h, err)
	}
	key, err := blobstore.Key(ids.New(time.Now()), "attachments", ids.New(time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	filesDir := (blobstore.Config{DataDir: dir}).FilesDir()
	real := blobstore.NewDisk(filesDir, blobstore.NewSigner(secret), "")
	if err := real.Put(t.Context(), key, []byte("hello"), "text/plain"); err != nil {
		t.Fatal(err)
	}
	dl := blobstore.Download{Filename: "a.txt", ContentType: "text/plain"}
	for _, c := range []struct {
		name   string
		signer blobstore.Signer
		want   int
	}{
		{"the secret's link", blobstore.NewSigner(secret), http.StatusOK},
		{"a link forged with the empty secret", blobstore.NewSigner(""), http.StatusNotFound},
	} {
		link, err := blobstore.NewDisk(filesDir, c.signer, "").Link(t.Context(), key, dl)
		if err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, link.URL, nil))
		if rec.Code != c.want {
			t.Errorf("%s: status %d, want %d", c.name, rec.Code, c.want)
		}
	}
}
