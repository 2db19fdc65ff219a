package store

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/pkg/secretbox"
)

// binding ties a sealed secret to its webhook: copied onto another
// webhook's document it does not open.
func secretBinding(id bson.ObjectID) string { return "tickets/webhooks/" + id.Hex() + "/secret" }

func (s *Webhooks) seal(id bson.ObjectID, secret string) (secretbox.Sealed, error) {
	sealed, err := s.keys.Seal(secret, secretBinding(id))
	if err != nil {
		return secretbox.Sealed{}, fmt.Errorf("seal webhook secret: %w", err)
	}
	return sealed, nil
}

// secret opens a webhook's signing secret (or returns the plain one of a
// webhook not yet re-sealed).
func (s *Webhooks) secret(d webhookDoc) (string, error) {
	if d.Sealed.Empty() {
		return d.Secret, nil
	}
	secret, err := s.keys.Open(d.Sealed, secretBinding(d.ID))
	if err != nil {
		return "", fmt.Errorf("webhook %s: %w", d.ID.Hex(), err)
	}
	return secret, nil
}

// Reseal seals the secrets stored in clear before sealing existed, and
// re-seals with the current key those an older key sealed (rotation). It
// is idempotent; the service runs it at start-up.
func (s *Webhooks) Reseal(ctx context.Context) (int, error) {
	cur, err := s.hooks.Find(ctx, bson.M{"$or": bson.A{
		bson.M{"secret": bson.M{"$exists": true}},
		bson.M{"secret_sealed.key_id": bson.M{"$ne": s.keys.CurrentID()}},
	}}, options.Find().SetProjection(bson.M{"_id": 1, "secret": 1, "secret_sealed": 1}))
	if err != nil {
		return 0, fmt.Errorf("find webhook secrets to seal: %w", err)
	}
	var docs []webhookDoc
	if err := cur.All(ctx, &docs); err != nil {
		return 0, fmt.Errorf("read webhook secrets to seal: %w", err)
	}
	n := 0
	for _, d := range docs {
		if d.Secret == "" && !s.keys.NeedsReseal(d.Sealed) {
			continue
		}
		plain, err := s.secret(d)
		if err != nil {
			return n, err
		}
		sealed, err := s.seal(d.ID, plain)
		if err != nil {
			return n, err
		}
		if _, err := s.hooks.UpdateOne(ctx, bson.M{"_id": d.ID}, bson.M{"$set": bson.M{"secret_sealed": sealed}, "$unset": bson.M{"secret": ""}}); err != nil {
			return n, fmt.Errorf("seal webhook secret: %w", err)
		}
		n++
	}
	return n, nil
}
