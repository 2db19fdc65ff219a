package protoconv_test

import (
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/structpb"

	"github.com/copydesk/copydesk/pkg/errs"
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

func TestStringList(t *testing.T) {
	t.Parallel()
	if got, err := protoconv.StringList("tags", nil); got != nil || err != nil {
		t.Fatalf("absent list = %v, %v; want nil (unchanged)", got, err)
	}
	empty, err := protoconv.StringList("tags", &structpb.ListValue{})
	if err != nil || empty == nil || len(*empty) != 0 {
		t.Fatalf("[] = %v, %v; want an empty list (clear)", empty, err)
	}
	l, _ := structpb.NewList([]any{"a", "b"})
	if got, err := protoconv.StringList("tags", l); err != nil || !slices.Equal(*got, []string{"a", "b"}) {
		t.Fatalf("[a b] = %v, %v", got, err)
	}
	bad, _ := structpb.NewList([]any{"a", 1.0})
	_, err = protoconv.StringList("agent_ids", bad)
	var ve *errs.ValidationError
	if !errors.As(err, &ve) || len(ve.Violations) != 1 || ve.Violations[0].Field != "agent_ids" || ve.Violations[0].Type != "string_type" {
		t.Fatalf("a number in the list = %v, want 422 string_type on agent_ids", err)
	}
}
