package store_test

import (
	"bytes"
	"crypto/rand"
	"errors"
	"log/slog"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/mongotest"
	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/pkg/secretbox"
	"github.com/copydesk/copydesk/services/agents/internal/integrations"
	"github.com/copydesk/copydesk/services/agents/internal/store"
)

// Issue 13, gap 2: after a SECRETS_KEY rotation the start-up re-seal
// moves every integration secret (Shopify token, WordPress application
// password) to the new key, so that the old key can be dropped: with only
// the new key every secret still opens. It is idempotent, and a secret no
// key opens is counted, not lost.
func TestIntegrationSecretsAreResealedAfterRotation(t *testing.T) {
	t.Parallel()
	db := mongotest.DB(t)
	if err := mongox.Migrate(t.Context(), db, slog.New(slog.DiscardHandler), store.Migrations); err != nil {
		t.Fatal(err)
	}
	k1, k2, k0 := key(), key(), key()
	ring := func(current string, keys map[string][]byte) *secretbox.Keyring {
		r, err := secretbox.New(current, keys)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	company := bson.NewObjectID().Hex()
	now := time.Now().UTC()
	old := store.NewIntegrations(db, ring("k1", map[string][]byte{"k1": k1}))
	secrets := map[string]string{}
	for kind, secret := range map[string]string{integrations.KindShopify: "shpat_rotation_0123456789", integrations.KindWordPress: "abcd EFGH ijkl MNOP"} {
		it, err := old.Create(t.Context(), integrations.Integration{CompanyID: company, Kind: kind, Name: kind, Active: true, CreatedAt: now, UpdatedAt: now}, secret)
		if err != nil {
			t.Fatal(err)
		}
		secrets[it.ID] = secret
	}
	// One sealed with a key that is not configured any more.
	lost, err := store.NewIntegrations(db, ring("k0", map[string][]byte{"k0": k0})).Create(t.Context(),
		integrations.Integration{CompanyID: company, Kind: integrations.KindWordPress, Name: "lost", CreatedAt: now, UpdatedAt: now}, "lost-secret")
	if err != nil {
		t.Fatal(err)
	}

	rotated := store.NewIntegrations(db, ring("k2", map[string][]byte{"k1": k1, "k2": k2}))
	sealed, failed, err := rotated.Reseal(t.Context())
	if err != nil || sealed != 2 || failed != 1 {
		t.Fatalf("reseal: %d sealed, %d failed, %v", sealed, failed, err)
	}
	if sealed, failed, err := rotated.Reseal(t.Context()); err != nil || sealed != 0 || failed != 1 {
		t.Fatalf("second reseal: %d sealed, %d failed, %v", sealed, failed, err)
	}
	newOnly := store.NewIntegrations(db, ring("k2", map[string][]byte{"k2": k2}))
	for id, secret := range secrets {
		oid, _ := bson.ObjectIDFromHex(id)
		raw, err := db.Collection("integrations").FindOne(t.Context(), bson.M{"_id": oid}).Raw()
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(raw, []byte(secret)) || raw.Lookup("secret", "key_id").StringValue() != "k2" {
			t.Fatalf("%s: stored %s", id, raw)
		}
		if got, err := newOnly.Secret(t.Context(), company, id); err != nil || got != secret {
			t.Fatalf("%s with the old key dropped: %q %v", id, got, err)
		}
	}
	if _, err := newOnly.Secret(t.Context(), company, lost.ID); !errors.Is(err, errs.ErrConflict) {
		t.Fatalf("unopenable secret: %v", err)
	}
}

func key() []byte {
	b := make([]byte, secretbox.KeySize)
	_, _ = rand.Read(b)
	return b
}
