package mongox

import (
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// Helpers of the stored form of fields. The $set of a partial update
// holds only the fields whose new value is given: SetIf, SetList and
// SetDeleted add one each to set.

// SetIf adds key: *v when v is given (not nil).
func SetIf[T any](set bson.M, key string, v *T) {
	if v != nil {
		set[key] = *v
	}
}

// SetList adds key: *v when v is given; a nil list is stored as [] (list
// fields are never null).
func SetList(set bson.M, key string, v *[]string) {
	if v != nil {
		set[key] = NonNil(*v)
	}
}

// SetDeleted adds a soft delete at `at`: LiveFilter leaves the document
// out from then on.
func SetDeleted(set bson.M, at time.Time) {
	set["deleted"] = true
	set["deleted_at"] = at
}

// NonNil is s, or [] for nil: the stored form of a list field.
func NonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// UTC is a stored optional date in UTC (nil stays nil).
func UTC(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
