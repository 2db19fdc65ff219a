// Package querycheck proves that every query a store sends is served by a
// declared index. A Recorder (an event.CommandMonitor on the store's
// client) turns each find, aggregate, count, distinct, update, delete and
// findAndModify into a Shape — the filter's equality fields, range fields
// and sort, never a value — and Check matches every shape against the
// indexes the service's migrations created, by MongoDB's equality–sort–
// range rule (esr.go). mongotest.DB records the store tests' commands;
// COPYDESK_QUERY_LOG makes pkg/service record a service process's commands
// for the e2e suite (log.go). docs/indexes.md says how to declare an index
// for a new query.
package querycheck

import (
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// Shape is one query with its values left out.
type Shape struct {
	DB     string   `json:"db"`
	Coll   string   `json:"coll"`
	Op     string   `json:"op"`              // find, count, aggregate, distinct, update, delete, findAndModify
	Eq     []string `json:"eq,omitempty"`    // equality fields ($eq, plain values, $in, $all)
	Range  []string `json:"range,omitempty"` // $gt/$lt…, $ne, $nin, $exists, anchored $regex
	Regex  []string `json:"regex,omitempty"` // unanchored (substring) $regex
	Sort   []string `json:"sort,omitempty"`  // in order; "-f" is descending
	Branch int      `json:"branch,omitempty"`
	// Unservable names an operator no index serves ($where, $expr, a
	// pipeline that does not start with $match).
	Unservable string `json:"unservable,omitempty"`
	Caller     string `json:"caller"` // the store function that sent it
}

// Key identifies a shape for deduplication.
func (s Shape) Key() string {
	return strings.Join([]string{s.DB, s.Coll, s.Op, strings.Join(s.Eq, ","), strings.Join(s.Range, ","),
		strings.Join(s.Regex, ","), strings.Join(s.Sort, ","), s.Unservable, s.Caller}, "|")
}

// String is the shape as the failure message and docs/indexes.md write it.
func (s Shape) String() string {
	var b strings.Builder
	b.WriteString(s.Coll + " " + s.Op + " {")
	var parts []string
	for _, f := range s.Eq {
		parts = append(parts, f+": =")
	}
	for _, f := range s.Range {
		parts = append(parts, f+": range")
	}
	for _, f := range s.Regex {
		parts = append(parts, f+": substring")
	}
	b.WriteString(strings.Join(parts, ", ") + "}")
	if len(s.Sort) > 0 {
		b.WriteString(" sort " + strings.Join(s.Sort, ","))
	}
	if s.Unservable != "" {
		b.WriteString(" using " + s.Unservable)
	}
	return b.String()
}

// FromCommand derives the shapes of one command: none for commands that
// read no documents by filter (insert, createIndexes, getMore…), one per
// $or branch (each branch is planned on its own index), else one.
func FromCommand(db, name string, cmd bson.Raw) []Shape {
	base := Shape{DB: db, Op: name}
	var filter bson.Raw
	var sortDoc bson.Raw
	switch name {
	case "find":
		base.Coll = str(cmd, "find")
		filter, sortDoc = doc(cmd, "filter"), doc(cmd, "sort")
	case "count":
		base.Coll = str(cmd, "count")
		filter = doc(cmd, "query")
		if filter == nil {
			return nil // count without a query reads the collection's metadata
		}
	case "distinct":
		base.Coll = str(cmd, "distinct")
		filter = doc(cmd, "query")
	case "findAndModify":
		base.Coll = str(cmd, "findAndModify")
		filter, sortDoc = doc(cmd, "query"), doc(cmd, "sort")
	case "aggregate":
		base.Coll = str(cmd, "aggregate")
		var ok bool
		if filter, sortDoc, base.Op, ok = pipeline(cmd); !ok {
			base.Unservable = "a pipeline that does not start with $match"
			return []Shape{base}
		}
		if base.Op == "search" {
			return nil // $search/$vectorSearch: an Atlas Search index, not a B-tree
		}
	case "update", "delete":
		base.Coll = str(cmd, name)
		arr := "updates"
		if name == "delete" {
			arr = "deletes"
		}
		var out []Shape
		vals, _ := cmd.Lookup(arr).Array().Values()
		for _, v := range vals {
			stmt, ok := v.DocumentOK()
			if !ok {
				continue
			}
			out = append(out, expand(base, doc(stmt, "q"), nil)...)
		}
		return out
	default:
		return nil
	}
	return expand(base, filter, sortDoc)
}

// pipeline reads an aggregate's leading $match and the $sort right after
// it; op is "count" for countDocuments' pipeline ($match, $skip/$limit,
// $group {_id: 1}).
func pipeline(cmd bson.Raw) (filter, sortDoc bson.Raw, op string, ok bool) {
	stages, _ := cmd.Lookup("pipeline").Array().Values()
	op = "aggregate"
	if len(stages) == 0 {
		return nil, nil, op, false
	}
	first, _ := stages[0].DocumentOK()
	if first.Lookup("$search").Type != 0 || first.Lookup("$vectorSearch").Type != 0 {
		return nil, nil, "search", true
	}
	m, isMatch := first.Lookup("$match").DocumentOK()
	if !isMatch {
		return nil, nil, op, false
	}
	if len(stages) > 1 {
		if s, isSort := stages[1].Document().Lookup("$sort").DocumentOK(); isSort {
			sortDoc = s
		}
	}
	last, _ := stages[len(stages)-1].DocumentOK()
	if g, isGroup := last.Lookup("$group").DocumentOK(); isGroup && g.Lookup("_id").Type == bson.TypeInt32 {
		op = "count"
	}
	return m, sortDoc, op, true
}
