// Package protoconv holds the small conversions every service's transport
// layer makes between domain values and the generated protobuf messages.
package protoconv

import (
	"math"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"
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
