package store

import (
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/pkg/secretbox"
	"github.com/copydesk/copydesk/services/agents/internal/integrations"
)

// Integrations implements integrations.Store. The secret of a connection
// is sealed with pkg/secretbox, bound to the connection's id; it is
// opened only by Secret, for the outbound calls.
type Integrations struct {
	coll *mongo.Collection
	keys *secretbox.Keyring
}

// NewIntegrations returns the store on db; keys seal the secrets.
func NewIntegrations(db *mongo.Database, keys *secretbox.Keyring) *Integrations {
	return &Integrations{coll: db.Collection(integrationsColl), keys: keys}
}

var _ integrations.Store = (*Integrations)(nil)

type integrationDoc struct {
	ID            bson.ObjectID    `bson:"_id"`
	CompanyID     string           `bson:"company_id"`
	Kind          string           `bson:"kind"`
	Name          string           `bson:"name"`
	ShopDomain    string           `bson:"shop_domain,omitempty"`
	APIVersion    string           `bson:"api_version,omitempty"`
	SyncMinutes   int              `bson:"sync_interval_minutes"`
	SiteURL       string           `bson:"site_url,omitempty"`
	Username      string           `bson:"username,omitempty"`
	Secret        secretbox.Sealed `bson:"secret"`
	Active        bool             `bson:"active"`
	SyncedThrough time.Time        `bson:"synced_through"`
	LastSyncedAt  time.Time        `bson:"last_synced_at"`
	NextSyncAt    time.Time        `bson:"next_sync_at"`
	CreatedAt     time.Time        `bson:"created_at"`
	UpdatedAt     time.Time        `bson:"updated_at"`
}

func (d integrationDoc) domain() integrations.Integration {
	return integrations.Integration{ID: d.ID.Hex(), CompanyID: d.CompanyID, Kind: d.Kind, Name: d.Name, ShopDomain: d.ShopDomain,
		APIVersion: d.APIVersion, SyncMinutes: d.SyncMinutes, SiteURL: d.SiteURL, Username: d.Username, HasSecret: !d.Secret.Empty(),
		Active: d.Active, SyncedThrough: d.SyncedThrough.UTC(), LastSyncedAt: d.LastSyncedAt.UTC(), NextSyncAt: d.NextSyncAt.UTC(),
		CreatedAt: d.CreatedAt.UTC(), UpdatedAt: d.UpdatedAt.UTC()}
}

func secretBinding(id bson.ObjectID) string { return "agents/integrations/" + id.Hex() + "/secret" }

// integrationSorts maps public sort names to fields.
var integrationSorts = map[string]string{"name": "name", "kind": "kind", "created_at": "created_at", "updated_at": "updated_at"}

// Create stores a connection with its secret sealed.
func (s *Integrations) Create(ctx ctxT, in integrations.Integration, secret string) (integrations.Integration, error) {
	if err := requireCompany(in.CompanyID); err != nil {
		return integrations.Integration{}, err
	}
	d := integrationDoc{ID: bson.NewObjectID(), CompanyID: in.CompanyID, Kind: in.Kind, Name: in.Name, ShopDomain: in.ShopDomain,
		APIVersion: in.APIVersion, SyncMinutes: in.SyncMinutes, SiteURL: in.SiteURL, Username: in.Username, Active: in.Active,
		NextSyncAt: in.NextSyncAt, CreatedAt: in.CreatedAt, UpdatedAt: in.UpdatedAt}
	sealed, err := s.keys.Seal(secret, secretBinding(d.ID))
	if err != nil {
		return integrations.Integration{}, fmt.Errorf("seal integration secret: %w", err)
	}
	d.Secret = sealed
	if _, err := s.coll.InsertOne(ctx, d); err != nil {
		return integrations.Integration{}, fmt.Errorf("insert integration: %w", err)
	}
	return d.domain(), nil
}

func (s *Integrations) idFilter(sc integrations.Scope, id string) (bson.M, error) {
	oid, err := mongox.ParseID(id)
	if err != nil {
		return nil, err
	}
	f, err := mongox.TenantFilter(sc)
	if err != nil {
		return nil, err
	}
	f["_id"] = oid
	return f, nil
}

// Get reads a connection in scope.
func (s *Integrations) Get(ctx ctxT, sc integrations.Scope, id string) (integrations.Integration, error) {
	f, err := mongox.TenantFilter(sc)
	if err != nil {
		return integrations.Integration{}, err
	}
	return mongox.Get(ctx, s.coll, f, id, integrationDoc.domain)
}

// List pages the connections in scope; across companies by created_at
// (mongox.ScopedPage). Each sort has its index (migrations 2 and 6).
func (s *Integrations) List(ctx ctxT, sc integrations.Scope, kind string, p integrations.Page) ([]integrations.Integration, int64, error) {
	f, err := mongox.TenantFilter(sc)
	if err != nil {
		return nil, 0, err
	}
	if kind != "" {
		f["kind"] = kind
	}
	return mongox.List(ctx, s.coll, f, mongox.ScopedPage(sc, mongox.ByField(p, integrationSorts, "created_at")), integrationDoc.domain)
}

// Update changes a connection in scope; a new secret is sealed.
func (s *Integrations) Update(ctx ctxT, sc integrations.Scope, id string, ch integrations.Changes) (integrations.Integration, error) {
	f, err := s.idFilter(sc, id)
	if err != nil {
		return integrations.Integration{}, err
	}
	set := bson.M{"updated_at": ch.UpdatedAt}
	mongox.SetIf(set, "name", ch.Name)
	mongox.SetIf(set, "shop_domain", ch.ShopDomain)
	mongox.SetIf(set, "api_version", ch.APIVersion)
	mongox.SetIf(set, "sync_interval_minutes", ch.SyncMinutes)
	mongox.SetIf(set, "site_url", ch.SiteURL)
	mongox.SetIf(set, "username", ch.Username)
	mongox.SetIf(set, "active", ch.Active)
	mongox.SetIf(set, "next_sync_at", ch.NextSyncAt)
	if ch.ShopDomain != nil {
		// Another shop: the next sync is a full one.
		set["synced_through"] = time.Time{}
	}
	if ch.Secret != nil {
		sealed, err := s.keys.Seal(*ch.Secret, secretBinding(f["_id"].(bson.ObjectID)))
		if err != nil {
			return integrations.Integration{}, fmt.Errorf("seal integration secret: %w", err)
		}
		set["secret"] = sealed
	}
	var d integrationDoc
	err = s.coll.FindOneAndUpdate(ctx, f, bson.M{"$set": set}, options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&d)
	if err != nil {
		return integrations.Integration{}, fmt.Errorf("integration %s: %w", id, mongox.NotFound(err))
	}
	return d.domain(), nil
}

// Delete removes a connection in scope.
func (s *Integrations) Delete(ctx ctxT, sc integrations.Scope, id string) (integrations.Integration, error) {
	f, err := s.idFilter(sc, id)
	if err != nil {
		return integrations.Integration{}, err
	}
	var d integrationDoc
	if err := s.coll.FindOneAndDelete(ctx, f).Decode(&d); err != nil {
		return integrations.Integration{}, fmt.Errorf("integration %s: %w", id, mongox.NotFound(err))
	}
	return d.domain(), nil
}

// Secret opens the secret of company's connection id.
func (s *Integrations) Secret(ctx ctxT, company, id string) (string, error) {
	if err := requireCompany(company); err != nil {
		return "", err
	}
	oid, err := mongox.ParseID(id)
	if err != nil {
		return "", err
	}
	var d integrationDoc
	if err := s.coll.FindOne(ctx, bson.M{"_id": oid, "company_id": company}).Decode(&d); err != nil {
		return "", fmt.Errorf("integration %s: %w", id, mongox.NotFound(err))
	}
	plain, err := s.keys.Open(d.Secret, secretBinding(d.ID))
	if err != nil {
		return "", fmt.Errorf("integration %s: %w", id, errs.New(errs.ErrConflict, "The connection's secret cannot be opened with the configured keys: set it again"))
	}
	return plain, nil
}

// Reseal re-seals with the current key the secrets an older key sealed
// (SECRETS_KEY rotation), so that the old key can be dropped from
// SECRETS_OLD_KEYS afterwards. It is idempotent (a secret is rewritten
// only while it still holds the old ciphertext); the service runs it at
// start-up, as the tickets service does for webhook secrets. A secret
// that no configured key opens is left as it is and counted in failed
// (its connection answers 409 "set it again").
func (s *Integrations) Reseal(ctx ctxT) (sealed, failed int, err error) {
	cur, err := s.coll.Find(ctx, bson.M{"secret.key_id": bson.M{"$ne": s.keys.CurrentID()}},
		options.Find().SetProjection(bson.M{"_id": 1, "secret": 1}))
	if err != nil {
		return 0, 0, fmt.Errorf("find integration secrets to re-seal: %w", err)
	}
	var docs []integrationDoc
	if err := cur.All(ctx, &docs); err != nil {
		return 0, 0, fmt.Errorf("read integration secrets to re-seal: %w", err)
	}
	for _, d := range docs {
		if !s.keys.NeedsReseal(d.Secret) {
			continue
		}
		plain, err := s.keys.Open(d.Secret, secretBinding(d.ID))
		if err != nil {
			failed++
			continue
		}
		next, err := s.keys.Seal(plain, secretBinding(d.ID))
		if err != nil {
			return sealed, failed, fmt.Errorf("re-seal integration secret: %w", err)
		}
		// Only the ciphertext read: a secret set meanwhile is newer.
		res, err := s.coll.UpdateOne(ctx, bson.M{"_id": d.ID, "secret": d.Secret}, bson.M{"$set": bson.M{"secret": next}})
		if err != nil {
			return sealed, failed, fmt.Errorf("re-seal integration secret: %w", err)
		}
		sealed += int(res.ModifiedCount)
	}
	return sealed, failed, nil
}

// Due lists active Shopify connections of every company whose scheduled
// sync is due, and moves each one's next_sync_at on by its interval.
func (s *Integrations) Due(ctx ctxT, now time.Time, limit int) ([]integrations.Integration, error) {
	f := bson.M{"kind": integrations.KindShopify, "active": true, "sync_interval_minutes": bson.M{"$gt": 0}, "next_sync_at": bson.M{"$lte": now}}
	due, err := mongox.FindAll(ctx, s.coll, f, options.Find().SetSort(bson.D{{Key: "next_sync_at", Value: 1}}).SetLimit(int64(limit)), integrationDoc.domain)
	if err != nil {
		return nil, err
	}
	for _, it := range due {
		oid, _ := bson.ObjectIDFromHex(it.ID)
		next := now.Add(time.Duration(it.SyncMinutes) * time.Minute)
		// Several replicas may move it on: each writes the same kind of
		// value, and the job of the slot is started once (its id is the
		// slot's).
		if _, err := s.coll.UpdateOne(ctx, bson.M{"_id": oid, "next_sync_at": it.NextSyncAt}, bson.M{"$set": bson.M{"next_sync_at": next}}); err != nil {
			return nil, fmt.Errorf("schedule integration %s: %w", it.ID, err)
		}
	}
	return due, nil
}

// Synced records a successful sync.
func (s *Integrations) Synced(ctx ctxT, company, id string, through, at time.Time) error {
	oid, err := mongox.ParseID(id)
	if err != nil {
		return err
	}
	if _, err := s.coll.UpdateOne(ctx, bson.M{"_id": oid, "company_id": company},
		bson.M{"$set": bson.M{"last_synced_at": at}, "$max": bson.M{"synced_through": through}}); err != nil {
		return fmt.Errorf("record sync of integration %s: %w", id, err)
	}
	return nil
}
