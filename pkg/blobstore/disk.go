package blobstore

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"
	"time"
)

// Disk is the local-disk backend: one file per key under a directory,
// reached only through an os.Root (no key can leave it). The directory is
// created by the first Put, so a process whose DATA_DIR is not writable
// (a read-only container) still starts; its uploads fail until files get
// a place (a volume, or AWS_S3_BUCKET).
type Disk struct {
	dir    string
	signer Signer
	base   string
	now    func() time.Time
}

var _ Store = (*Disk)(nil)

// NewDisk keeps files in dir. Links are signed by signer and start with
// base (the gateway's URL; empty for relative links).
func NewDisk(dir string, signer Signer, base string) *Disk {
	return &Disk{dir: dir, signer: signer, base: strings.TrimRight(base, "/"), now: time.Now}
}

// open opens the directory as a root, creating it first for a write.
func (d *Disk) open(create bool) (*os.Root, error) {
	if create {
		if err := os.MkdirAll(d.dir, 0o700); err != nil {
			return nil, err
		}
	}
	return os.OpenRoot(d.dir)
}

// Put writes a temporary file and renames it into place, so a reader sees
// the old blob or the new one, never a part.
func (d *Disk) Put(_ context.Context, key string, body []byte, _ string) error {
	if err := checkKey(key); err != nil {
		return err
	}
	root, err := d.open(true)
	if err != nil {
		return fmt.Errorf("disk put %s: %w", key, err)
	}
	defer root.Close()
	if err := root.MkdirAll(path.Dir(key), 0o700); err != nil {
		return fmt.Errorf("disk put %s: %w", key, err)
	}
	tmp := key + ".tmp-" + rand.Text()
	if err := root.WriteFile(tmp, body, 0o600); err != nil {
		return fmt.Errorf("disk put %s: %w", key, err)
	}
	if err := root.Rename(tmp, key); err != nil {
		_ = root.Remove(tmp)
		return fmt.Errorf("disk put %s: %w", key, err)
	}
	return nil
}

// Get reads a blob.
func (d *Disk) Get(_ context.Context, key string) ([]byte, error) {
	if err := checkKey(key); err != nil {
		return nil, err
	}
	root, err := d.open(false)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, notFound(key)
	}
	if err != nil {
		return nil, err
	}
	defer root.Close()
	b, err := root.ReadFile(key)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, notFound(key)
	}
	return b, err
}

// Delete removes a blob.
func (d *Disk) Delete(_ context.Context, key string) error {
	if err := checkKey(key); err != nil {
		return err
	}
	root, err := d.open(false)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("disk delete %s: %w", key, err)
	}
	defer root.Close()
	if err := root.Remove(key); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("disk delete %s: %w", key, err)
	}
	return nil
}

// Link is a URL of the gateway's file route signed with an expiry.
func (d *Disk) Link(_ context.Context, key string, dl Download) (Link, error) {
	if err := checkKey(key); err != nil {
		return Link{}, err
	}
	exp := d.now().Add(dl.ttl()).UTC().Truncate(time.Second)
	q := d.signer.Sign(key, exp, dl.Filename, dl.ContentType)
	return Link{URL: d.base + FilesPrefix + key + "?" + q.Encode(), ExpiresAt: exp}, nil
}
