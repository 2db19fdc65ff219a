package history

import (
	"slices"
	"strings"
	"time"
)

// Diff finds the fields of a partial update that really change. Each
// method takes the field's name, where the store change keeps the new
// value (dst), the value sent (nil: not sent) and the stored one. When a
// value is sent and differs, it points dst at it and reports the change to
// Updated, old and new value as text, so that the service records it with
// its own history record ("updated"). Unchanged fields leave dst nil: no
// write, no history.
type Diff struct {
	Updated func(field, from, to string)
}

// String diffs a text field.
func (d Diff) String(field string, dst **string, val *string, old string) {
	if val != nil && *val != old {
		*dst = val
		d.Updated(field, old, *val)
	}
}

// Strings diffs a list field (compared in order; text: comma-joined).
func (d Diff) Strings(field string, dst **[]string, val *[]string, old []string) {
	if val != nil && !slices.Equal(*val, old) {
		*dst = val
		d.Updated(field, strings.Join(old, ","), strings.Join(*val, ","))
	}
}

// Time diffs an optional time field (compared as instants; text:
// TimeText).
func (d Diff) Time(field string, dst **time.Time, val, old *time.Time) {
	if val != nil && (old == nil || !old.Equal(*val)) {
		*dst = val
		d.Updated(field, TimeText(old), TimeText(val))
	}
}

// Cleared reports an optional time field that a request clears: true, and
// the change to Updated, when it was set.
func (d Diff) Cleared(field string, old *time.Time) bool {
	if old == nil {
		return false
	}
	d.Updated(field, TimeText(old), "")
	return true
}

// TimeText is a time as history records it (RFC 3339 in UTC; "" for none).
func TimeText(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
