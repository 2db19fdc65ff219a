// Package textset normalises the short lists of strings that clients send
// (tags, channels, event types, ids, filter values): every value trimmed
// and, when asked, folded (e.g. lower-cased); empty and repeated values
// dropped; the first order kept.
//
// The number of values is checked as sent, before any value is looked at,
// and repeats are found with a set, so the work is linear in the request
// and bounded by the limit: a 1 MiB body of 150 000 one-letter tags is
// refused at once instead of pinning a core in a quadratic loop. Because
// the loop that remains is at most Rule.Max long, it does not check the
// context.
//
// The tags of every tagged entity follow one rule (tags.go: TagRule,
// Tags, CheckTags).
package textset

import (
	"strings"

	"github.com/copydesk/copydesk/pkg/errs"
)

// Rule says how the values of one field are normalised.
type Rule struct {
	// Field names the field in a violation, e.g. "tags".
	Field string
	// Noun is what the values are in the "at most" message, e.g. "tags".
	Noun string
	// Max is the most values accepted, counted as sent (repeats and
	// empty values included; after splitting on Sep).
	Max int
	// Fold, when set, is applied to every trimmed value.
	Fold func(string) string
	// Sep, when set, makes every value a Sep-separated list of values
	// (query filters such as status=open,closed).
	Sep string
}

// Normalize returns in normalised by r. More than r.Max values add a
// "too_long" violation of r.Field to v and return an empty list without
// looking at any value.
func Normalize(v *errs.Validator, r Rule, in []string) []string {
	if n := count(in, r.Sep, r.Max); n > r.Max {
		v.Add(r.Field, "too_long", "at most %d %s", r.Max, r.Noun)
		return []string{}
	}
	out := make([]string, 0, len(in))
	seen := make(map[string]struct{}, len(in))
	add := func(s string) {
		s = strings.TrimSpace(s)
		if r.Fold != nil {
			s = r.Fold(s)
		}
		if _, dup := seen[s]; s == "" || dup {
			return
		}
		seen[s] = struct{}{}
		out = append(out, s)
	}
	for _, s := range in {
		if r.Sep == "" {
			add(s)
			continue
		}
		for part := range strings.SplitSeq(s, r.Sep) {
			add(part)
		}
	}
	return out
}

// count is the number of values in (after splitting on sep), counted up
// to the first one past limit.
func count(in []string, sep string, limit int) int {
	if sep == "" {
		return len(in)
	}
	n := 0
	for _, s := range in {
		n += strings.Count(s, sep) + 1
		if n > limit {
			break
		}
	}
	return n
}
