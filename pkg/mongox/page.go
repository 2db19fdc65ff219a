package mongox

import (
	"context"
	"fmt"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/pkg/listing"
)

// Page is a validated page whose Sort is a document field.
type Page = listing.Page

// NewPage validates list parameters (listing.New) with sortable mapping the
// public sort names to document fields; def is the default public name.
func NewPage(skip, limit int32, sort, order string, sortable map[string]string, def string, defDesc bool) (Page, error) {
	names := make([]string, 0, len(sortable))
	for k := range sortable {
		names = append(names, k)
	}
	slices.Sort(names)
	p, err := listing.New(skip, limit, sort, order, names, def, defDesc)
	p.Sort = sortable[p.Sort]
	return p, err
}

// FindPage runs find + countDocuments for filter and decodes the page into
// out (a pointer to a slice). Ties are broken by _id so pages are stable.
func FindPage(ctx context.Context, coll *mongo.Collection, filter bson.M, p Page, out any) (int64, error) {
	dir := 1
	if p.Desc {
		dir = -1
	}
	sort := bson.D{{Key: p.Sort, Value: dir}}
	if p.Sort != "_id" {
		sort = append(sort, bson.E{Key: "_id", Value: dir})
	}
	cur, err := coll.Find(ctx, filter, options.Find().SetSort(sort).SetSkip(p.Skip).SetLimit(p.Limit))
	if err != nil {
		return 0, fmt.Errorf("find %s: %w", coll.Name(), err)
	}
	if err := cur.All(ctx, out); err != nil {
		return 0, fmt.Errorf("decode %s: %w", coll.Name(), err)
	}
	total, err := coll.CountDocuments(ctx, filter)
	if err != nil {
		return 0, fmt.Errorf("count %s: %w", coll.Name(), err)
	}
	return total, nil
}
