package protoconv_test

import (
	"math"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pkg/protoconv"
)

func TestConversions(t *testing.T) {
	t.Parallel()
	if protoconv.Timestamp(time.Time{}) != nil || protoconv.TimestampPtr(nil) != nil || protoconv.TimePtr(nil) != nil {
		t.Fatal("zero or nil times must stay nil")
	}
	at := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	if got := protoconv.TimePtr(protoconv.TimestampPtr(&at)); got == nil || !got.Equal(at) {
		t.Fatalf("round trip = %v", got)
	}
	if !protoconv.Timestamp(at).AsTime().Equal(at) {
		t.Fatal("Timestamp lost the time")
	}
	if s := protoconv.Strings(nil); s == nil || len(s) != 0 {
		t.Fatalf("Strings(nil) = %#v", s)
	}
	if protoconv.Total(5) != 5 || protoconv.Total(math.MaxInt64) != math.MaxInt32 {
		t.Fatal("Total does not saturate")
	}
}
