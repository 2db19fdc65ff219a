package querycheck

import (
	"fmt"
	"slices"
	"strings"
)

// Index is one index of a collection as listIndexes reports it: its keys
// in order ("-f" descending) and whether it is unique.
type Index struct {
	Name   string   `json:"name"`
	Keys   []string `json:"keys"`
	Unique bool     `json:"unique,omitempty"`
}

func (ix Index) String() string {
	return ix.Name + " (" + strings.Join(ix.Keys, ", ") + ")"
}

// Serves reports whether ix serves s by the equality–sort–range rule, and
// if not, why:
//
//  1. the index starts with fields s matches by equality (any order; none
//     is allowed when the sort or a range starts the index);
//  2. s's sort (minus fields fixed by equality) follows, all in the index's
//     directions or all reversed — so no document is sorted in memory;
//  3. the scan is bounded: an equality prefix, or the sort (a page walks
//     the index in order and stops at its limit), or a range on the first
//     key;
//  4. every field s filters on is a key of the index (a non-match is
//     skipped on its key, not fetched): equality fields after the sort and
//     ranges are the ESR rule's R. A substring $regex need not be a key
//     when the equality prefix holds company_id (one tenant: the bounded
//     scope docs/decisions.md accepts for substring search). Nor need an
//     equality on a second array field (ArrayFields) when the equality
//     prefix holds company_id and another array field: no index can hold
//     two arrays of one document, so the second is checked on the
//     documents of one tenant's follower, channel or agent
//     (docs/indexes.md, "Two array filters").
//
// A unique index whose every key is bound by equality finds at most one
// document, whatever else the filter says (the _id index is unique).
func Serves(ix Index, s Shape) (bool, string) {
	if s.Unservable != "" {
		return false, "no index serves " + s.Unservable
	}
	eq := set(s.Eq)
	var sortKeys []string
	for _, k := range s.Sort {
		if !eq[strings.TrimPrefix(k, "-")] {
			sortKeys = append(sortKeys, k)
		}
	}
	keys := ix.Keys
	p := 0
	for p < len(keys) && eq[field(keys[p])] {
		p++
	}
	if (ix.Unique || ix.Name == "_id_") && p == len(keys) && p > 0 {
		return true, ""
	}
	if len(sortKeys) > 0 {
		if !sortFollows(keys[p:], sortKeys, eq) {
			return false, fmt.Sprintf("sort %s does not follow its equality prefix (%s): sorted in memory",
				strings.Join(s.Sort, ","), strings.Join(keys[:p], ", "))
		}
	}
	bounded := p > 0 || len(sortKeys) > 0 || (len(keys) > 0 && slices.Contains(s.Range, field(keys[0])))
	if !bounded {
		return false, "starts with " + field(keys[0]) + ", which the query does not bound: a full index scan"
	}
	has := map[string]bool{}
	for _, k := range keys {
		has[field(k)] = true
	}
	tenant := slices.ContainsFunc(keys[:p], func(k string) bool { return field(k) == "company_id" })
	prefixArray := ""
	for _, k := range keys[:p] {
		if slices.Contains(ArrayFields, field(k)) {
			prefixArray = field(k)
		}
	}
	for _, f := range s.Eq {
		if has[f] {
			continue
		}
		if tenant && prefixArray != "" && prefixArray != f && slices.Contains(ArrayFields, f) {
			continue // a second array field: see ArrayFields
		}
		return false, "does not hold " + f + ": filtered after fetching each document"
	}
	for _, f := range s.Range {
		if !has[f] {
			return false, "does not hold " + f + ": filtered after fetching each document"
		}
	}
	for _, f := range s.Regex {
		if !has[f] && !tenant {
			return false, "does not hold " + f + " and does not bound the substring search to one company"
		}
	}
	return true, ""
}

// ArrayFields are the array fields the stores filter on by equality. A
// compound index holds at most one array field of a document (MongoDB
// refuses to index a document with two), so a list filtered on two of
// them — tickets' followers (a client's or "mine" visibility) and tags,
// campaigns' channels and tags, knowledge chunks' agent_ids and tags — is
// served by the index of the first, and the second is checked on the
// fetched documents. Serves accepts that only within one company.
var ArrayFields = []string{"tags", "followers", "channels", "agent_ids"}

// sortFollows reports whether the sort keys come next in keys, in one
// consistent direction, skipping keys fixed by equality.
func sortFollows(keys, sortKeys []string, eq map[string]bool) bool {
	i, flip := 0, 0
	for _, sk := range sortKeys {
		for i < len(keys) && field(keys[i]) != field(sk) && eq[field(keys[i])] {
			i++
		}
		if i == len(keys) || field(keys[i]) != field(sk) {
			return false
		}
		same := strings.HasPrefix(keys[i], "-") == strings.HasPrefix(sk, "-")
		f := 1
		if !same {
			f = -1
		}
		if flip != 0 && f != flip {
			return false
		}
		flip = f
		i++
	}
	return true
}

// Suggest is an index that would serve s by the ESR rule: company_id and
// the other equality fields, the sort, then the ranges.
func Suggest(s Shape) string {
	var keys []string
	if slices.Contains(s.Eq, "company_id") {
		keys = append(keys, "company_id")
	}
	for _, f := range s.Eq {
		if f != "company_id" {
			keys = append(keys, f)
		}
	}
	for _, k := range s.Sort {
		if !slices.Contains(keys, field(k)) {
			keys = append(keys, k)
		}
	}
	for _, f := range append(slices.Clone(s.Range), s.Regex...) {
		if !slices.Contains(keys, f) {
			keys = append(keys, f)
		}
	}
	if len(keys) == 0 {
		return "none: bound the query by a field (an empty filter reads every document; count it with estimatedDocumentCount)"
	}
	return `mongox.Index("` + strings.Join(keys, `", "`) + `")`
}

func field(k string) string { return strings.TrimPrefix(k, "-") }

func set(xs []string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}
