package store

import (
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/pkg/secretbox"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

// Webhooks implements domain.WebhookStore and the outbox.Store the
// delivery worker needs (outbox.go).
type Webhooks struct {
	hooks  *mongo.Collection
	outbox *mongo.Collection
	leases *mongo.Collection
	keys   *secretbox.Keyring
}

// NewWebhooks returns the store on db; keys seal the signing secrets.
func NewWebhooks(db *mongo.Database, keys *secretbox.Keyring) *Webhooks {
	return &Webhooks{hooks: db.Collection(webhooksColl), outbox: db.Collection(outboxColl), leases: db.Collection(leasesColl), keys: keys}
}

var _ domain.WebhookStore = (*Webhooks)(nil)

// webhookDoc is the stored form. The secret is the HMAC key, so it is
// sealed (pkg/secretbox, bound to the webhook's id), never hashed; it is
// never put in a response or a log. Secret is the plain field of webhooks
// stored before sealing, re-sealed at start-up (Reseal).
type webhookDoc struct {
	ID         bson.ObjectID    `bson:"_id"`
	CompanyID  string           `bson:"company_id"`
	URL        string           `bson:"url"`
	Secret     string           `bson:"secret,omitempty"`
	Sealed     secretbox.Sealed `bson:"secret_sealed"`
	EventTypes []string         `bson:"event_types"`
	Active     bool             `bson:"active"`
	CreatedAt  time.Time        `bson:"created_at"`
	UpdatedAt  time.Time        `bson:"updated_at"`
}

func (d webhookDoc) domain() domain.Webhook {
	return domain.Webhook{ID: d.ID.Hex(), CompanyID: d.CompanyID, URL: d.URL, HasSecret: d.Secret != "" || !d.Sealed.Empty(),
		EventTypes: d.EventTypes, Active: d.Active, CreatedAt: d.CreatedAt.UTC(), UpdatedAt: d.UpdatedAt.UTC()}
}

// CreateWebhook stores a webhook.
func (s *Webhooks) CreateWebhook(ctx ctxT, w domain.Webhook) (domain.Webhook, error) {
	if err := mongox.RequireTenant(w.CompanyID); err != nil {
		return domain.Webhook{}, err
	}
	if w.EventTypes == nil {
		w.EventTypes = []string{}
	}
	d := webhookDoc{ID: bson.NewObjectID(), CompanyID: w.CompanyID, URL: w.URL,
		EventTypes: w.EventTypes, Active: w.Active, CreatedAt: w.CreatedAt, UpdatedAt: w.UpdatedAt}
	sealed, err := s.seal(d.ID, w.Secret)
	if err != nil {
		return domain.Webhook{}, err
	}
	d.Sealed = sealed
	if _, err := s.hooks.InsertOne(ctx, d); err != nil {
		return domain.Webhook{}, fmt.Errorf("insert webhook: %w", err)
	}
	return d.domain(), nil
}

func (s *Webhooks) idFilter(sc domain.Scope, id string) (bson.M, error) {
	oid, err := mongox.ParseID(id)
	if err != nil {
		return nil, err
	}
	f, err := mongox.TenantFilter(sc.Scope)
	if err != nil {
		return nil, err
	}
	f["_id"] = oid
	return f, nil
}

// GetWebhook reads a webhook in scope.
func (s *Webhooks) GetWebhook(ctx ctxT, sc domain.Scope, id string) (domain.Webhook, error) {
	f, err := mongox.TenantFilter(sc.Scope)
	if err != nil {
		return domain.Webhook{}, err
	}
	return mongox.Get(ctx, s.hooks, f, id, webhookDoc.domain)
}

// ListWebhooks pages the webhooks in scope, newest first.
func (s *Webhooks) ListWebhooks(ctx ctxT, sc domain.Scope, active *bool, p domain.Page) ([]domain.Webhook, int64, error) {
	f, err := mongox.TenantFilter(sc.Scope)
	if err != nil {
		return nil, 0, err
	}
	if active != nil {
		f["active"] = *active
	}
	return mongox.List(ctx, s.hooks, f, mongox.Page{Skip: p.Skip, Limit: p.Limit, Sort: "created_at", Desc: true}, webhookDoc.domain)
}

// UpdateWebhook changes a webhook in scope.
func (s *Webhooks) UpdateWebhook(ctx ctxT, sc domain.Scope, id string, ch domain.WebhookChanges) (domain.Webhook, error) {
	f, err := s.idFilter(sc, id)
	if err != nil {
		return domain.Webhook{}, err
	}
	set := bson.M{"updated_at": ch.UpdatedAt}
	mongox.SetIf(set, "url", ch.URL)
	update := bson.M{"$set": set}
	if ch.Secret != nil {
		oid, _ := f["_id"].(bson.ObjectID)
		sealed, err := s.seal(oid, *ch.Secret)
		if err != nil {
			return domain.Webhook{}, err
		}
		set["secret_sealed"] = sealed
		update["$unset"] = bson.M{"secret": ""}
	}
	mongox.SetList(set, "event_types", ch.EventTypes)
	mongox.SetIf(set, "active", ch.Active)
	var d webhookDoc
	err = s.hooks.FindOneAndUpdate(ctx, f, update, options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&d)
	if err != nil {
		return domain.Webhook{}, fmt.Errorf("webhook %s: %w", id, mongox.NotFound(err))
	}
	return d.domain(), nil
}

// DeleteWebhook deletes a webhook in scope and drops its pending
// deliveries.
func (s *Webhooks) DeleteWebhook(ctx ctxT, sc domain.Scope, id string) (domain.Webhook, error) {
	f, err := s.idFilter(sc, id)
	if err != nil {
		return domain.Webhook{}, err
	}
	var d webhookDoc
	if err := s.hooks.FindOneAndDelete(ctx, f).Decode(&d); err != nil {
		return domain.Webhook{}, fmt.Errorf("webhook %s: %w", id, mongox.NotFound(err))
	}
	if _, err := s.outbox.DeleteMany(ctx, bson.M{"company_id": d.CompanyID, "webhook_id": d.ID.Hex(), "status": statusPending}); err != nil {
		return domain.Webhook{}, fmt.Errorf("drop deliveries of webhook %s: %w", id, err)
	}
	return d.domain(), nil
}

// ActiveWebhooks lists a company's active webhooks.
func (s *Webhooks) ActiveWebhooks(ctx ctxT, company string) ([]domain.Webhook, error) {
	if err := mongox.RequireTenant(company); err != nil {
		return nil, err
	}
	return mongox.FindAll(ctx, s.hooks, bson.M{"company_id": company, "active": true}, options.Find(), webhookDoc.domain)
}
