package mongox

import (
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
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
