package listing

import (
	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/textset"
)

// MaxQ is the longest search text (q) of a list, in bytes.
const MaxQ = 200

// EnumFilter normalises a multi-valued filter of an enum field (Filter:
// status=open,closed&status=approved) and checks that every value is one
// of allowed; violations go to v.
func EnumFilter(v *errs.Validator, field string, values, allowed []string) []string {
	out := textset.Normalize(v, Filter(field), values)
	for _, val := range out {
		v.OneOf(field, val, allowed)
	}
	return out
}

// CheckQ adds a violation of q to v when the search text is longer than
// MaxQ.
func CheckQ(v *errs.Validator, q string) {
	v.Check(len(q) <= MaxQ, "q", "string_too_long", "q must be at most %d characters", MaxQ)
}
