package querycheck

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// Tiny are the collections whose queries need no index, and why: each
// holds a handful of documents whatever the number of tenants. A
// collection is listed here only with that argument; everything else gets
// an index.
var Tiny = map[string]string{
	"_migrations": "one document per migration of the service, plus the migration lease",
}

// Violation is a shape no index serves.
type Violation struct {
	Shape      Shape
	Considered []string // each index with the reason it does not serve the shape
}

func (v Violation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s.%s\n    sent by %s\n    indexes considered:\n", v.Shape.DB, v.Shape, v.Shape.Caller)
	for _, c := range v.Considered {
		fmt.Fprintf(&b, "      %s\n", c)
	}
	if len(v.Considered) == 0 {
		b.WriteString("      (none: the collection has no index but _id, or does not exist)\n")
	}
	fmt.Fprintf(&b, "    fix: declare an index in the service's migrations (a new migration with mongox.Indexes), e.g. %s,\n", Suggest(v.Shape))
	b.WriteString("    or change the query; docs/indexes.md says how\n")
	return b.String()
}

// eqPrefix is how many leading keys of ix s matches by equality; a unique
// index bound on all its keys (a point read) beats any prefix.
func eqPrefix(ix Index, s Shape) int {
	eq := set(s.Eq)
	n := 0
	for n < len(ix.Keys) && eq[field(ix.Keys[n])] {
		n++
	}
	if n == len(ix.Keys) && (ix.Unique || ix.Name == "_id_") {
		return 1 << 10
	}
	return n
}

// Served is a shape with the index that serves it ("" for a collection
// on the Tiny list).
type Served struct {
	Shape Shape
	Index string
}

// Check matches every shape against the indexes of its collection
// (indexes[db][coll]) and returns the shapes none serves.
func Check(shapes []Shape, indexes map[string]map[string][]Index) []Violation {
	_, vs := Match(shapes, indexes)
	return vs
}

// Match is Check that also returns, for each served shape, the index
// that serves it best (the longest equality prefix, then the fewest keys).
func Match(shapes []Shape, indexes map[string]map[string][]Index) ([]Served, []Violation) {
	var served []Served
	var out []Violation
	for _, s := range shapes {
		if _, ok := Tiny[s.Coll]; ok {
			served = append(served, Served{Shape: s})
			continue
		}
		var considered []string
		by, best := "", [2]int{-1, 0}
		for _, ix := range indexes[s.DB][s.Coll] {
			ok, why := Serves(ix, s)
			if !ok {
				considered = append(considered, ix.String()+": "+why)
				continue
			}
			// The planner's likely pick: the longest equality prefix, then
			// the fewest keys.
			if score := [2]int{eqPrefix(ix, s), -len(ix.Keys)}; score[0] > best[0] || (score[0] == best[0] && score[1] > best[1]) {
				by, best = ix.String(), score
			}
		}
		if by == "" {
			out = append(out, Violation{Shape: s, Considered: considered})
			continue
		}
		served = append(served, Served{Shape: s, Index: by})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Shape.Key() < out[j].Shape.Key() })
	sort.Slice(served, func(i, j int) bool { return served[i].Shape.Key() < served[j].Shape.Key() })
	return served, out
}

// Report is the failure message of violations, or "" when there are none.
func Report(vs []Violation) string {
	if len(vs) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d quer%s not served by any index (MongoDB's equality–sort–range rule):\n", len(vs), plural(len(vs)))
	for _, v := range vs {
		b.WriteString(v.String())
	}
	return b.String()
}

func plural(n int) string {
	if n == 1 {
		return "y"
	}
	return "ies"
}

// ReadIndexes lists the indexes of the collections the shapes use, per
// database: the indexes the services' migrations created, read back from
// the server (so a dropped or renamed index counts as gone).
func ReadIndexes(ctx context.Context, client *mongo.Client, shapes []Shape) (map[string]map[string][]Index, error) {
	out := map[string]map[string][]Index{}
	for _, s := range shapes {
		if out[s.DB] == nil {
			out[s.DB] = map[string][]Index{}
		}
		if _, done := out[s.DB][s.Coll]; done {
			continue
		}
		ixs, err := collIndexes(ctx, client.Database(s.DB).Collection(s.Coll))
		if err != nil {
			return nil, err
		}
		out[s.DB][s.Coll] = ixs
	}
	return out, nil
}

func collIndexes(ctx context.Context, coll *mongo.Collection) ([]Index, error) {
	cur, err := coll.Indexes().List(ctx)
	var ce mongo.CommandError
	if errors.As(err, &ce) && ce.Code == 26 { // NamespaceNotFound: nothing was ever written
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list indexes of %s: %w", coll.Name(), err)
	}
	var docs []struct {
		Name   string   `bson:"name"`
		Key    bson.Raw `bson:"key"`
		Unique bool     `bson:"unique"`
	}
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("list indexes of %s: %w", coll.Name(), err)
	}
	ixs := make([]Index, 0, len(docs))
	for _, d := range docs {
		ixs = append(ixs, Index{Name: d.Name, Keys: sortKeys(d.Key), Unique: d.Unique})
	}
	return ixs, nil
}
