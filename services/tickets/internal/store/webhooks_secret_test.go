package store_test

import (
	"bytes"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/mongotest"
	"github.com/copydesk/copydesk/pkg/secretbox"
	"github.com/copydesk/copydesk/pkg/tenancy"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
	"github.com/copydesk/copydesk/services/tickets/internal/store"
)

// TestWebhookSecretsAreSealed: the raw documents hold no signing secret
// in clear — after create, after a new secret, and after the start-up
// re-seal of a webhook stored in clear before sealing existed or sealed
// with a rotated-out key — while the delivery worker still gets it.
func TestWebhookSecretsAreSealed(t *testing.T) {
	t.Parallel()
	db := mongotest.DB(t)
	migrate(t, db, store.Migrations)
	hooks := store.NewWebhooks(db, secretbox.Ephemeral())
	const first, second = "first-secret-0123456789", "second-secret-0123456789"
	company := bson.NewObjectID().Hex()
	now := time.Now().UTC()
	w, err := hooks.CreateWebhook(t.Context(), domain.Webhook{CompanyID: company, URL: "https://example.com/h", Secret: first, Active: true, CreatedAt: now, UpdatedAt: now})
	if err != nil {
		t.Fatal(err)
	}
	if !w.HasSecret || w.Secret != "" {
		t.Fatalf("read back %+v", w)
	}
	raw := func(id string) []byte {
		oid, _ := bson.ObjectIDFromHex(id)
		b, err := db.Collection("webhooks").FindOne(t.Context(), bson.M{"_id": oid}).Raw()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	target := func(id string) string {
		tg, err := hooks.Target(t.Context(), company, id)
		if err != nil {
			t.Fatal(err)
		}
		return tg.Secret
	}
	if bytes.Contains(raw(w.ID), []byte(first)) || target(w.ID) != first {
		t.Fatal("secret in clear after create, or not opened for delivery")
	}
	s := second
	if _, err := hooks.UpdateWebhook(t.Context(), domain.Scope{Scope: tenancy.OneCompany(company)}, w.ID, domain.WebhookChanges{Secret: &s, UpdatedAt: now}); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw(w.ID), []byte(second)) || target(w.ID) != second {
		t.Fatal("secret in clear after update, or the old one kept")
	}

	// A webhook stored in clear (before sealing) is sealed at start-up.
	legacy := bson.NewObjectID()
	if _, err := db.Collection("webhooks").InsertOne(t.Context(), bson.M{"_id": legacy, "company_id": company, "url": "https://example.com/l",
		"secret": "legacy-secret-0123456789", "event_types": bson.A{}, "active": true, "created_at": now, "updated_at": now}); err != nil {
		t.Fatal(err)
	}
	if n, err := hooks.Reseal(t.Context()); err != nil || n != 1 {
		t.Fatalf("reseal: %d, %v", n, err)
	}
	if bytes.Contains(raw(legacy.Hex()), []byte("legacy-secret")) || target(legacy.Hex()) != "legacy-secret-0123456789" {
		t.Fatal("legacy secret still in clear or lost")
	}
	if n, err := hooks.Reseal(t.Context()); err != nil || n != 0 {
		t.Fatalf("second reseal: %d, %v", n, err)
	}
}
