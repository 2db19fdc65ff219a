package blobstore

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/copydesk/copydesk/pkg/config"
)

// Config chooses and configures the backend.
type Config struct {
	// Bucket (AWS_S3_BUCKET) selects S3; empty selects the disk.
	Bucket string
	// Endpoint (AWS_ENDPOINT_URL) overrides the S3 endpoint (tests, MinIO);
	// requests then use path-style addressing.
	Endpoint string
	// DataDir (DATA_DIR, default .data) holds the disk backend's files
	// under DataDir/files.
	DataDir string
	// PublicURL (PUBLIC_URL) is the gateway's external base URL that disk
	// links start with; empty gives links relative to it (/files/…).
	PublicURL string
	// LinkSecret (FILES_LINK_SECRET) signs the disk backend's links; every
	// process that signs or serves them (tickets, knowledge, the gateway)
	// must have the same one. Only the disk backend needs it.
	LinkSecret string
}

// ReadConfig reads the backend settings.
func ReadConfig(r *config.Reader) Config {
	return Config{
		Bucket:     r.String("AWS_S3_BUCKET", ""),
		Endpoint:   r.String("AWS_ENDPOINT_URL", ""),
		DataDir:    r.String("DATA_DIR", ".data"),
		PublicURL:  r.String("PUBLIC_URL", ""),
		LinkSecret: r.String("FILES_LINK_SECRET", ""),
	}
}

// FilesDir is the disk backend's directory.
func (c Config) FilesDir() string { return filepath.Join(c.DataDir, "files") }

// MinLinkSecretBytes is the shortest FILES_LINK_SECRET taken (32 bytes:
// what `openssl rand -base64 32` gives, and what make run generates).
const MinLinkSecretBytes = 32

// CheckLinkSecret refuses the disk backend's missing or short
// FILES_LINK_SECRET: links signed (or checked) with a key derived from the
// empty or a guessable string could be forged by anyone.
func (c Config) CheckLinkSecret() error {
	switch {
	case c.LinkSecret == "":
		return errors.New("FILES_LINK_SECRET is required without AWS_S3_BUCKET: it signs the disk file store's download links (/files/); set the same value in tickets, knowledge and the gateway (openssl rand -base64 32), or set AWS_S3_BUCKET")
	case len(c.LinkSecret) < MinLinkSecretBytes:
		return fmt.Errorf("FILES_LINK_SECRET must be at least %d bytes (openssl rand -base64 32 makes one)", MinLinkSecretBytes)
	}
	return nil
}

// Open returns the configured backend: S3 when a bucket is set (default
// credential chain and region of aws-sdk-go-v2), the disk otherwise.
func Open(ctx context.Context, c Config) (Store, error) {
	if c.Bucket != "" {
		return NewS3(ctx, S3Config{Bucket: c.Bucket, Endpoint: c.Endpoint})
	}
	if err := c.CheckLinkSecret(); err != nil {
		return nil, err
	}
	return NewDisk(c.FilesDir(), NewSigner(c.LinkSecret), c.PublicURL), nil
}
