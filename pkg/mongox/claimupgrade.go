package mongox

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// UpgradeClaims returns a migration step for a collection of version
// claims written before the one claim format (claim.go). An old claim
// matters only while its writer may still be at work, so those whose
// atField is more than StaleClaimAge old are deleted, and the others are
// rewritten as version claims "<key>#<n>" held for StaleClaimAge from
// now. parse reads the key and the slot of an old claim from its _id and
// document; one it cannot read is deleted.
func UpgradeClaims(coll, atField string, parse func(id string, doc bson.Raw) (key string, n int64, ok bool)) func(ctx context.Context, db *mongo.Database) error {
	return func(ctx context.Context, db *mongo.Database) error {
		c := db.Collection(coll)
		now := time.Now().UTC()
		old := bson.M{"key": bson.M{"$exists": false}}
		if _, err := c.DeleteMany(ctx, bson.M{"key": bson.M{"$exists": false}, atField: bson.M{"$lt": now.Add(-StaleClaimAge)}}); err != nil {
			return fmt.Errorf("drop settled claims of %s: %w", coll, err)
		}
		cur, err := c.Find(ctx, old)
		if err != nil {
			return fmt.Errorf("find recent claims of %s: %w", coll, err)
		}
		var docs []bson.Raw
		if err := cur.All(ctx, &docs); err != nil {
			return fmt.Errorf("read recent claims of %s: %w", coll, err)
		}
		until := now.Add(StaleClaimAge)
		for _, d := range docs {
			id, _ := d.Lookup("_id").StringValueOK()
			if key, n, ok := parse(id, d); ok {
				nd := claimDoc{ID: ClaimID(key, n), Key: key, N: n, ClaimedAt: now, ExpiresAt: &until}
				var err error
				if nd.ID == id {
					_, err = c.ReplaceOne(ctx, bson.M{"_id": id}, nd)
				} else {
					_, err = insertClaim(ctx, c, nd)
				}
				if err != nil {
					return fmt.Errorf("rewrite claim %s of %s: %w", id, coll, err)
				}
				if nd.ID == id {
					continue
				}
			}
			if _, err := c.DeleteOne(ctx, bson.M{"_id": d.Lookup("_id")}); err != nil {
				return fmt.Errorf("drop old claim %s of %s: %w", id, coll, err)
			}
		}
		return nil
	}
}
