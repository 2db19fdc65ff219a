// Package blobstoretest runs the S3 backend of pkg/blobstore against
// gofakes3, an S3 server in process, so tests of the services exercise
// the real aws-sdk-go-v2 client without AWS.
package blobstoretest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/copydesk/copydesk/pkg/blobstore"
)

// Bucket is the fake's bucket.
const Bucket = "copydesk-test"

// S3 is a fake S3 server and the store on it.
type S3 struct {
	Store   *blobstore.S3
	Backend *s3mem.Backend
}

// NewS3 starts gofakes3 for the test and returns the S3 backend on it
// (static credentials, no environment: safe in parallel tests).
func NewS3(t testing.TB) *S3 {
	t.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket(Bucket); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	cfg := aws.Config{Region: "eu-west-1", Credentials: credentials.NewStaticCredentialsProvider("AKIDTEST", "secret-test", "")}
	return &S3{Store: blobstore.NewS3FromConfig(cfg, blobstore.S3Config{Bucket: Bucket, Endpoint: srv.URL}), Backend: backend}
}

// Has reports whether the bucket holds key.
func (s *S3) Has(key string) bool {
	_, err := s.Backend.HeadObject(Bucket, key)
	return err == nil
}

// Download GETs a link as a browser would (no credentials) and returns
// the status, the body and the headers.
func Download(t testing.TB, url string) (int, []byte, http.Header) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, body, res.Header
}
