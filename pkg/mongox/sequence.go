package mongox

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// SequenceIndex is the index NextNumber needs on its collection.
func SequenceIndex() mongo.IndexModel {
	return mongo.IndexModel{Keys: bson.D{{Key: "key", Value: 1}, {Key: "n", Value: -1}}, Options: options.Index().SetName("key_n")}
}

// NextNumber claims the next numbered slot of key in coll (1, 2, 3, …)
// and returns its number. A number is never handed out twice nor reused,
// even when many callers (in several replicas) ask at once; numbers may
// be skipped when a caller fails after claiming.
func NextNumber(ctx context.Context, coll *mongo.Collection, key string) (int64, error) {
	var last claimDoc
	err := coll.FindOne(ctx, bson.M{"key": key}, options.FindOne().SetSort(bson.D{{Key: "n", Value: -1}})).Decode(&last)
	if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		return 0, fmt.Errorf("sequence %s: %w", key, err)
	}
	for n := last.N + 1; ; n++ {
		ok, err := Claim(ctx, coll, key, n)
		if err != nil {
			return 0, err
		}
		if ok {
			return n, nil
		}
		if err := ctx.Err(); err != nil {
			return 0, err
		}
	}
}

// SeedNumber makes the sequence of key continue after n (a migration that
// moves numbers kept elsewhere into a sequence). Seeding below the last
// number changes nothing.
func SeedNumber(ctx context.Context, coll *mongo.Collection, key string, n int64) error {
	if n <= 0 {
		return nil
	}
	_, err := Claim(ctx, coll, key, n)
	return err
}
