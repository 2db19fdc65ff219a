// Package protoconv holds the small conversions every service's transport
// layer makes between domain values and the generated protobuf messages.
package protoconv

import (
	"math"
	"time"

	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/copydesk/copydesk/pkg/errs"
)

// Timestamp converts t; the zero time becomes nil (JSON null).
func Timestamp(t time.Time) *timestamppb.Timestamp {
	if t.IsZero() {
		return nil
	}
	return timestamppb.New(t)
}

// TimestampPtr converts an optional time; nil stays nil.
func TimestampPtr(t *time.Time) *timestamppb.Timestamp {
	if t == nil {
		return nil
	}
	return timestamppb.New(*t)
}

// TimePtr converts an optional timestamp of a request; nil stays nil.
func TimePtr(t *timestamppb.Timestamp) *time.Time {
	if t == nil {
		return nil
	}
	v := t.AsTime()
	return &v
}

// Strings returns s, or an empty slice for nil (JSON [] rather than null).
func Strings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Total converts a count for a list answer's int32 total (a JSON number;
// protojson writes 64-bit integers as strings), saturating.
func Total(n int64) int32 {
	return int32(min(n, math.MaxInt32))
}

// StringList is a request's list of strings sent as a JSON value (a
// google.protobuf.ListValue, so that PATCH can tell "absent" from "[]"):
// nil stays nil (unchanged), an array of strings becomes the strings, and
// any other element is a 422 "string_type" on field.
func StringList(field string, l *structpb.ListValue) (*[]string, error) {
	if l == nil {
		return nil, nil
	}
	out := make([]string, 0, len(l.GetValues()))
	for _, v := range l.GetValues() {
		s, ok := v.GetKind().(*structpb.Value_StringValue)
		if !ok {
			var val errs.Validator
			val.Add(field, "string_type", "%s must be a list of strings", field)
			return nil, val.Err()
		}
		out = append(out, s.StringValue)
	}
	return &out, nil
}
