package secretbox_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/pkg/config"
	"github.com/copydesk/copydesk/pkg/secretbox"
)

func key(b byte) []byte { return bytes.Repeat([]byte{b}, secretbox.KeySize) }

func TestSealOpen(t *testing.T) {
	t.Parallel()
	k, err := secretbox.New("k1", map[string][]byte{"k1": key(1)})
	if err != nil {
		t.Fatal(err)
	}
	s, err := k.Seal("shpat_secret-token", "integrations/a/secret")
	if err != nil {
		t.Fatal(err)
	}
	if s.KeyID != "k1" || bytes.Contains(s.Data, []byte("shpat_secret-token")) {
		t.Fatalf("sealed = %+v", s)
	}
	again, _ := k.Seal("shpat_secret-token", "integrations/a/secret")
	if bytes.Equal(again.Data, s.Data) {
		t.Fatal("two seals of one secret are equal (nonce reused)")
	}
	if got, err := k.Open(s, "integrations/a/secret"); err != nil || got != "shpat_secret-token" {
		t.Fatalf("open = %q, %v", got, err)
	}
	// Bound to its record: another record's binding does not open it.
	if _, err := k.Open(s, "integrations/b/secret"); !errors.Is(err, secretbox.ErrOpen) {
		t.Fatalf("opened with another binding: %v", err)
	}
	tampered := secretbox.Sealed{KeyID: s.KeyID, Data: bytes.Clone(s.Data)}
	tampered.Data[len(tampered.Data)-1] ^= 1
	if _, err := k.Open(tampered, "integrations/a/secret"); !errors.Is(err, secretbox.ErrOpen) {
		t.Fatalf("tampered data opened: %v", err)
	}
}

// Rotation: the new key seals, the old one still opens what it sealed
// and such a secret is reported for re-sealing.
func TestRotation(t *testing.T) {
	t.Parallel()
	old, _ := secretbox.New("k1", map[string][]byte{"k1": key(1)})
	s, _ := old.Seal("pw", "x")
	rotated, err := secretbox.New("k2", map[string][]byte{"k1": key(1), "k2": key(2)})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := rotated.Open(s, "x"); err != nil || got != "pw" {
		t.Fatalf("old secret after rotation: %q, %v", got, err)
	}
	if !rotated.NeedsReseal(s) {
		t.Fatal("old secret not reported for re-sealing")
	}
	fresh, _ := rotated.Seal("pw", "x")
	if fresh.KeyID != "k2" || rotated.NeedsReseal(fresh) {
		t.Fatalf("fresh = %+v", fresh)
	}
	dropped, _ := secretbox.New("k2", map[string][]byte{"k2": key(2)})
	if _, err := dropped.Open(s, "x"); !errors.Is(err, secretbox.ErrOpen) {
		t.Fatal("a dropped key still opens")
	}
}

func TestRead(t *testing.T) {
	t.Parallel()
	k1, k2 := secretbox.NewKey(), secretbox.NewKey()
	r := config.FromMap(map[string]string{"SECRETS_KEY": k2, "SECRETS_KEY_ID": "2027", "SECRETS_OLD_KEYS": "2026:" + k1})
	kr := secretbox.Read(r)
	if err := r.Err(); err != nil || kr == nil || kr.CurrentID() != "2027" {
		t.Fatalf("keyring %v, err %v", kr, err)
	}
	for _, bad := range []map[string]string{
		{},
		{"SECRETS_KEY": "c2hvcnQ="},
		{"SECRETS_KEY": k1, "SECRETS_OLD_KEYS": "nocolon"},
		{"SECRETS_KEY": k1, "SECRETS_OLD_KEYS": "k1:" + k2},
	} {
		r := config.FromMap(bad)
		_ = secretbox.Read(r)
		err := r.Err()
		if err == nil {
			t.Errorf("%v accepted", bad)
			continue
		}
		if strings.Contains(err.Error(), k1) || strings.Contains(err.Error(), k2) {
			t.Errorf("a key appears in %q", err)
		}
	}
}
