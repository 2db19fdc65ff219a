package mongox

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/pkg/errs"
)

// Paging limits of the REST face.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

// Page is a validated skip/limit/sort/order.
type Page struct {
	Skip  int64
	Limit int64
	Sort  string // a document field name
	Desc  bool
}

// NewPage validates list parameters. sortable maps the public sort names to
// document fields; def is the default sort field. Bad values are 422s.
func NewPage(skip, limit int32, sort, order string, sortable map[string]string, def string, defDesc bool) (Page, error) {
	var v errs.Validator
	v.Check(skip >= 0, "skip", "greater_than_equal", "skip must be 0 or more")
	v.Check(limit >= 0 && limit <= MaxLimit, "limit", "less_than_equal", "limit must be from 1 to %d", MaxLimit)
	p := Page{Skip: int64(skip), Limit: int64(limit), Sort: sortable[def], Desc: defDesc}
	if p.Limit == 0 {
		p.Limit = DefaultLimit
	}
	if sort != "" {
		f, ok := sortable[sort]
		v.Check(ok, "sort", "literal_error", "sort must be one of %s", strings.Join(keys(sortable), ", "))
		p.Sort = f
	}
	switch strings.ToLower(order) {
	case "":
	case "asc":
		p.Desc = false
	case "desc":
		p.Desc = true
	default:
		v.Add("order", "literal_error", "order must be asc or desc")
	}
	return p, v.Err()
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
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
