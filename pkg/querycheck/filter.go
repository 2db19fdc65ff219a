package querycheck

import (
	"slices"
	"sort"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// expand splits filter into its $or branches (the cross product when
// several $or clauses are and-ed) and fills each branch's fields.
func expand(base Shape, filter, sortDoc bson.Raw) []Shape {
	base.Sort = sortKeys(sortDoc)
	branches := []fields{{}}
	branches = addFilter(branches, filter)
	out := make([]Shape, 0, len(branches))
	for i, f := range branches {
		s := base
		if len(branches) > 1 {
			s.Branch = i + 1
		}
		s.Eq, s.Range, s.Regex = f.sorted("eq"), f.sorted("range"), f.sorted("regex")
		if f.unservable != "" {
			s.Unservable = f.unservable
		}
		out = append(out, s)
	}
	return out
}

type fields struct {
	kind       map[string]string // field → eq | range | regex
	unservable string
}

func (f fields) clone() fields {
	k := make(map[string]string, len(f.kind))
	for n, v := range f.kind {
		k[n] = v
	}
	return fields{kind: k, unservable: f.unservable}
}

func (f *fields) set(name, kind string) {
	if f.kind == nil {
		f.kind = map[string]string{}
	}
	// An equality wins over a range on the same field (both bound it).
	if old, ok := f.kind[name]; ok && old == "eq" {
		return
	}
	f.kind[name] = kind
}

func (f fields) sorted(kind string) []string {
	var out []string
	for n, k := range f.kind {
		if k == kind {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// addFilter adds one filter document to every branch.
func addFilter(branches []fields, filter bson.Raw) []fields {
	elems, _ := filter.Elements()
	for _, e := range elems {
		key := e.Key()
		switch key {
		case "$and":
			vals, _ := e.Value().Array().Values()
			for _, v := range vals {
				branches = addFilter(branches, v.Document())
			}
		case "$or":
			vals, _ := e.Value().Array().Values()
			var next []fields
			for _, b := range branches {
				for _, v := range vals {
					next = append(next, addFilter([]fields{b.clone()}, v.Document())...)
				}
			}
			if len(vals) > 0 {
				branches = next
			}
		case "$where", "$expr", "$text", "$nor", "$jsonSchema", "$comment":
			for i := range branches {
				if key != "$comment" {
					branches[i].unservable = key
				}
			}
		default:
			kind := fieldKind(e.Value())
			for i := range branches {
				branches[i].set(key, kind)
			}
		}
	}
	return branches
}

// fieldKind classifies one field's condition.
func fieldKind(v bson.RawValue) string {
	if pat, opts, ok := v.RegexOK(); ok {
		if strings.HasPrefix(pat, "^") && !strings.Contains(opts, "i") {
			return "range"
		}
		return "regex"
	}
	d, ok := v.DocumentOK()
	if !ok {
		return "eq"
	}
	elems, _ := d.Elements()
	if len(elems) == 0 || !strings.HasPrefix(elems[0].Key(), "$") {
		return "eq" // an embedded document compared whole
	}
	kind := ""
	for _, e := range elems {
		k := "range"
		switch e.Key() {
		case "$eq", "$in", "$all", "$elemMatch":
			k = "eq"
		case "$regex":
			k = regexKind(d)
		case "$options":
			continue
		}
		kind = stronger(kind, k)
	}
	return kind
}

// stronger keeps the condition that bounds an index scan the most.
func stronger(a, b string) string {
	rank := map[string]int{"": 0, "regex": 1, "range": 2, "eq": 3}
	if rank[b] > rank[a] {
		return b
	}
	return a
}

// regexKind: an anchored, case-sensitive pattern is a key range; anything
// else reads every key.
func regexKind(d bson.Raw) string {
	pat, _ := d.Lookup("$regex").StringValueOK()
	opts, _ := d.Lookup("$options").StringValueOK()
	if rx, o, ok := d.Lookup("$regex").RegexOK(); ok {
		pat, opts = rx, opts+o
	}
	if strings.HasPrefix(pat, "^") && !strings.Contains(opts, "i") {
		return "range"
	}
	return "regex"
}

func sortKeys(d bson.Raw) []string {
	elems, _ := d.Elements()
	var out []string
	for _, e := range elems {
		if dir, ok := e.Value().AsInt64OK(); ok && dir < 0 {
			out = append(out, "-"+e.Key())
			continue
		}
		out = append(out, e.Key())
	}
	return slices.Clip(out)
}

func str(d bson.Raw, key string) string {
	s, _ := d.Lookup(key).StringValueOK()
	return s
}

func doc(d bson.Raw, key string) bson.Raw {
	v, err := d.LookupErr(key)
	if err != nil {
		return nil
	}
	r, _ := v.DocumentOK()
	return r
}
