package mongox

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Index is a plain index on keys, in order; a key written "-field" is
// descending.
func Index(keys ...string) mongo.IndexModel {
	d := bson.D{}
	for _, k := range keys {
		dir := 1
		if name, ok := strings.CutPrefix(k, "-"); ok {
			dir, k = -1, name
		}
		d = append(d, bson.E{Key: k, Value: dir})
	}
	return mongo.IndexModel{Keys: d}
}

// NamedIndex is Index with a name (long compound keys make long default
// names; docs/indexes.md cites indexes by name).
func NamedIndex(name string, keys ...string) mongo.IndexModel {
	m := Index(keys...)
	m.Options = options.Index().SetName(name)
	return m
}

// DropIndexes returns a migration step that drops the named indexes of
// coll; one that does not exist (a fresh database) is skipped.
func DropIndexes(coll string, names ...string) func(ctx context.Context, db *mongo.Database) error {
	return func(ctx context.Context, db *mongo.Database) error {
		for _, n := range names {
			err := db.Collection(coll).Indexes().DropOne(ctx, n)
			var ce mongo.CommandError
			if err != nil && !(errors.As(err, &ce) && (ce.Code == 27 || ce.Code == 26)) { // IndexNotFound, NamespaceNotFound
				return fmt.Errorf("drop index %s of %s: %w", n, coll, err)
			}
		}
		return nil
	}
}

// BackfillLower returns a migration step that stores to = lower-cased from
// on every document of coll written before to existed: the stored field a
// prefix search (PrefixRegex) reads through an index.
func BackfillLower(coll, from, to string) func(ctx context.Context, db *mongo.Database) error {
	return func(ctx context.Context, db *mongo.Database) error {
		c := db.Collection(coll)
		cur, err := c.Find(ctx, bson.M{to: bson.M{"$exists": false}}, options.Find().SetProjection(bson.M{from: 1}))
		if err != nil {
			return fmt.Errorf("read %s.%s: %w", coll, from, err)
		}
		defer func() { _ = cur.Close(ctx) }()
		for cur.Next(ctx) {
			var d bson.M
			if err := cur.Decode(&d); err != nil {
				return fmt.Errorf("decode %s.%s: %w", coll, from, err)
			}
			s, _ := d[from].(string)
			if _, err := c.UpdateOne(ctx, bson.M{"_id": d["_id"]}, bson.M{"$set": bson.M{to: strings.ToLower(s)}}); err != nil {
				return fmt.Errorf("store %s.%s: %w", coll, to, err)
			}
		}
		return cur.Err()
	}
}

// ListIndexKeys are the keys of a list's index by the equality–sort–range
// rule: prefix (fields the list matches by equality: the company, the
// soft-delete flags), the sort field and the _id tie-breaker FindPage
// appends, then the list's optional filters less the sort field — a
// filtered page skips a non-matching document on its index key instead of
// fetching it. An index holds at most one array field.
func ListIndexKeys(prefix []string, sortField string, filters ...string) []string {
	keys := append(slices.Clone(prefix), sortField, "_id")
	for _, f := range filters {
		if f != sortField && !slices.Contains(prefix, f) {
			keys = append(keys, f)
		}
	}
	return keys
}
