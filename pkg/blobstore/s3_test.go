package blobstore_test

import (
	"errors"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/copydesk/copydesk/pkg/blobstore"
	"github.com/copydesk/copydesk/pkg/blobstore/blobstoretest"
	"github.com/copydesk/copydesk/pkg/config"
	"github.com/copydesk/copydesk/pkg/errs"
)

// fakeS3 starts gofakes3 in process and points aws-sdk-go-v2's default
// chain at it through the environment, as a deployment would configure it.
func fakeS3(t *testing.T) (blobstore.Store, *s3mem.Backend) {
	backend := s3mem.New()
	if err := backend.CreateBucket("copydesk-files"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": "AKIDTEST", "AWS_SECRET_ACCESS_KEY": "secret-test", "AWS_REGION": "eu-west-1",
		"AWS_CONFIG_FILE": filepath.Join(dir, "config"), "AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"),
		"AWS_EC2_METADATA_DISABLED": "true", "AWS_S3_BUCKET": "copydesk-files", "AWS_ENDPOINT_URL": srv.URL,
	} {
		t.Setenv(k, v)
	}
	st, err := blobstore.Open(t.Context(), blobstore.ReadConfig(config.FromEnv()))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := st.(*blobstore.S3); !ok {
		t.Fatalf("AWS_S3_BUCKET set: backend is %T, want *blobstore.S3", st)
	}
	return st, backend
}

func TestS3PutGetLinkDelete(t *testing.T) {
	st, backend := fakeS3(t)
	key := mustKey(t, "attachments")
	body := []byte("%PDF-1.4 pretend")
	if err := st.Put(t.Context(), key, body, "application/pdf"); err != nil {
		t.Fatal(err)
	}
	obj, err := backend.HeadObject("copydesk-files", key)
	if err != nil {
		t.Fatalf("object not in the bucket under %s: %v", key, err)
	}
	if ct := obj.Metadata["Content-Type"]; ct != "application/pdf" {
		t.Errorf("stored content type %q", ct)
	}
	got, err := st.Get(t.Context(), key)
	if err != nil || string(got) != string(body) {
		t.Fatalf("Get = %q, %v", got, err)
	}

	link, err := st.Link(t.Context(), key, blobstore.Download{Filename: "Q3 brief.pdf", ContentType: "application/pdf"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(link.URL, "X-Amz-Signature=") || !strings.Contains(link.URL, "X-Amz-Expires=300") {
		t.Errorf("not a 5-minute presigned URL: %s", link.URL)
	}
	if d := time.Until(link.ExpiresAt); d < 4*time.Minute || d > 5*time.Minute {
		t.Errorf("expires in %s", d)
	}
	code, b, hdr := blobstoretest.Download(t, link.URL)
	if code != 200 || string(b) != string(body) {
		t.Fatalf("GET presigned URL: %d %q", code, b)
	}
	if cd := hdr.Get("Content-Disposition"); cd != `attachment; filename="Q3 brief.pdf"` {
		t.Errorf("Content-Disposition %q", cd)
	}

	if err := st.Delete(t.Context(), key); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Get(t.Context(), key); !errors.Is(err, errs.ErrNotFound) {
		t.Fatalf("Get after Delete: %v, want not found", err)
	}
	if err := st.Delete(t.Context(), key); err != nil {
		t.Fatalf("second Delete: %v", err)
	}
}

func TestS3RefusesKeysNotBuiltFromIDs(t *testing.T) {
	st, _ := fakeS3(t)
	for _, key := range []string{"../etc/passwd", "companies/x/attachments/y", "companies/" + company + "/a/../../b"} {
		if err := st.Put(t.Context(), key, []byte("x"), "text/plain"); err == nil {
			t.Errorf("Put(%q) accepted", key)
		}
	}
}
