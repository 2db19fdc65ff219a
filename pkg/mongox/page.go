package mongox

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/pkg/listing"
	"github.com/copydesk/copydesk/pkg/tenancy"
)

// Page is a validated page (listing.NewPage, in the transports). Its Sort
// is the public name until ByField makes it a document field.
type Page = listing.Page

// ByField returns p with its public sort name replaced by the document
// field that fields maps it to. A name fields does not list (none, or one
// that bypassed the transport's validation) sorts by def, so that no
// caller can sort by a field the list does not offer.
func ByField(p Page, fields map[string]string, def string) Page {
	f, ok := fields[p.Sort]
	if !ok {
		f = def
	}
	p.Sort = f
	return p
}

// CrossTenantSort is the one order of a list over every company (a
// superadmin's, scope AllCompanies): an index (created_at, _id) serves it
// with no company in the filter, where any other order would sort every
// company's documents in memory.
const CrossTenantSort = "created_at"

// ScopedPage is p for a list in scope s: across every company its sort
// becomes CrossTenantSort (direction kept), within one company it is
// unchanged. Call it after ByField.
func ScopedPage(s tenancy.Scope, p Page) Page {
	if s.AllCompanies {
		p.Sort = CrossTenantSort
	}
	return p
}

// FindPage runs find + count for filter and decodes the page into out (a
// pointer to a slice). Ties are broken by _id so pages are stable: every
// list index ends with the sort field and _id (docs/indexes.md). An empty
// filter is counted from the collection's metadata (estimatedDocumentCount),
// not by reading every document.
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
	var total int64
	if len(filter) == 0 {
		total, err = coll.EstimatedDocumentCount(ctx)
	} else {
		total, err = coll.CountDocuments(ctx, filter)
	}
	if err != nil {
		return 0, fmt.Errorf("count %s: %w", coll.Name(), err)
	}
	return total, nil
}

// List is FindPage of a stored form D, returned converted by conv.
func List[D, T any](ctx context.Context, coll *mongo.Collection, filter bson.M, p Page, conv func(D) T) ([]T, int64, error) {
	var docs []D
	total, err := FindPage(ctx, coll, filter, p, &docs)
	if err != nil {
		return nil, 0, err
	}
	return convert(docs, conv), total, nil
}

// FindAll is Find of a stored form D with opts (a bounded query: a
// limit or a small set), every document returned converted by conv.
func FindAll[D, T any](ctx context.Context, coll *mongo.Collection, filter bson.M, opts *options.FindOptionsBuilder, conv func(D) T) ([]T, error) {
	cur, err := coll.Find(ctx, filter, opts)
	if err != nil {
		return nil, fmt.Errorf("find %s: %w", coll.Name(), err)
	}
	var docs []D
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("decode %s: %w", coll.Name(), err)
	}
	return convert(docs, conv), nil
}

// convert converts every stored document (never nil: an empty list is
// JSON []).
func convert[D, T any](docs []D, conv func(D) T) []T {
	out := make([]T, 0, len(docs))
	for _, d := range docs {
		out = append(out, conv(d))
	}
	return out
}
