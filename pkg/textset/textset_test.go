package textset_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/textset"
)

func TestNormalize(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		rule textset.Rule
		in   []string
		want []string
	}{
		{"trims, drops empty and repeated values, keeps order", textset.Rule{Max: 10},
			[]string{" b", "a ", "", "b", "  ", "a", "c"}, []string{"b", "a", "c"}},
		{"folds before comparing", textset.Rule{Max: 10, Fold: strings.ToLower},
			[]string{"Blog", "blog", " EMAIL "}, []string{"blog", "email"}},
		{"splits on Sep", textset.Rule{Max: 10, Sep: ","},
			[]string{"open, closed", "open,,in_review"}, []string{"open", "closed", "in_review"}},
		{"exactly Max values", textset.Rule{Max: 3}, []string{"a", "b", "c"}, []string{"a", "b", "c"}},
		{"nothing", textset.Rule{Max: 3}, nil, []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var v errs.Validator
			got := textset.Normalize(&v, tc.rule, tc.in)
			if err := v.Err(); err != nil || !slices.Equal(got, tc.want) || got == nil {
				t.Fatalf("got %#v, %v; want %#v", got, err, tc.want)
			}
		})
	}
}

// Too many values are refused by their number as sent — repeats and empty
// values count — before any value is trimmed, folded or compared.
func TestNormalizeCountsBeforeAnyWork(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		sep  string
		in   []string
	}{
		{"150 000 tags", "", slices.Repeat([]string{"a"}, 150_000)},
		{"one more than Max, all the same", "", slices.Repeat([]string{"a"}, 21)},
		{"one more than Max, all empty", "", make([]string, 21)},
		{"one value listing too many", ",", []string{strings.Repeat("a,", 20) + "a"}},
		{"150 000 values in one", ",", []string{strings.Repeat("a,", 150_000)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			folds := 0
			fold := func(s string) string { folds++; return s }
			var v errs.Validator
			got := textset.Normalize(&v, textset.Rule{Field: "tags", Noun: "tags", Max: 20, Fold: fold, Sep: tc.sep}, tc.in)
			var ve *errs.ValidationError
			if !errors.As(v.Err(), &ve) || len(ve.Violations) != 1 || ve.Violations[0].Field != "tags" ||
				ve.Violations[0].Type != "too_long" || ve.Violations[0].Msg != "at most 20 tags" {
				t.Fatalf("err = %v, want one too_long violation of tags", v.Err())
			}
			if folds != 0 || len(got) != 0 {
				t.Fatalf("%d values folded and %d returned before the refusal, want none", folds, len(got))
			}
		})
	}
}

// BenchmarkNormalizeFlood is the 1 MiB body of 150 000 short tags: it is
// refused after counting (before the fix it took tens of seconds).
func BenchmarkNormalizeFlood(b *testing.B) {
	in := slices.Repeat([]string{"t"}, 150_000)
	for b.Loop() {
		var v errs.Validator
		textset.Normalize(&v, textset.Rule{Field: "tags", Noun: "tags", Max: 20}, in)
		if v.Err() == nil {
			b.Fatal("accepted")
		}
	}
}

// BenchmarkNormalizeMax is the largest list that is accepted.
func BenchmarkNormalizeMax(b *testing.B) {
	in := make([]string, 50)
	for i := range in {
		in[i] = " Tag-" + strings.Repeat("x", i) + " "
	}
	for b.Loop() {
		var v errs.Validator
		if out := textset.Normalize(&v, textset.Rule{Field: "tags", Max: 50, Fold: strings.ToLower}, in); len(out) != 50 {
			b.Fatal(len(out))
		}
	}
}

// TestTags: tags are normalised, and a tag longer than MaxTag characters
// (not bytes) is a 422 on tags.
func TestTags(t *testing.T) {
	t.Parallel()
	var v errs.Validator
	atLimit := strings.Repeat("é", textset.MaxTag)
	if got := textset.Tags(&v, []string{" spring ", "spring", atLimit}); !slices.Equal(got, []string{"spring", atLimit}) || v.Err() != nil {
		t.Fatalf("Tags = %q, %v", got, v.Err())
	}
	textset.Tags(&v, []string{atLimit + "x"})
	var ve *errs.ValidationError
	if !errors.As(v.Err(), &ve) || ve.Violations[0].Field != "tags" || ve.Violations[0].Type != "string_too_long" {
		t.Fatalf("too long a tag: %v", v.Err())
	}
}
