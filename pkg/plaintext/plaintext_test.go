package plaintext_test

import (
	"testing"

	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/copydesk/copydesk/pkg/plaintext"
)

func TestValid(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{
		"plain": true, "two\nlines\r\nand\ttab": true, "émoji 🙂": true, "": true,
		"nul\x00": false, "bell\a": false, "esc\x1b[31m": false, "del\x7f": false, "c1\u0085": false, "bad\xff": false,
	} {
		if got := plaintext.Valid(s); got != want {
			t.Errorf("Valid(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestViolationFindsNestedText(t *testing.T) {
	t.Parallel()
	ok, _ := structpb.NewStruct(map[string]any{"tags": []any{"a", "b"}, "n": 1})
	bad, _ := structpb.NewStruct(map[string]any{"tags": []any{"a", "b\x00"}})
	if p, found := plaintext.Violation(ok.ProtoReflect()); found {
		t.Errorf("clean struct refused at %q", p)
	}
	if _, found := plaintext.Violation(bad.ProtoReflect()); !found {
		t.Error("NUL inside a list of a struct not found")
	}
	if p, found := plaintext.Violation(wrapperspb.String("x\x00").ProtoReflect()); !found || p != "value" {
		t.Errorf("got %q %v, want value", p, found)
	}
}
