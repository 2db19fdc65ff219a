package chunk_test

import (
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/services/knowledge/internal/chunk"
)

// The seed corpus lives in testdata/fuzz/<target>; f.Add adds the smallest
// cases. Run: go test -run '^$' -fuzz FuzzChunkMarkdown -fuzztime 60s ./internal/chunk

func FuzzChunkMarkdown(f *testing.F) {
	f.Add("# A\n\ntext\n\n## B\n\n- x\n- y\n", 32)
	f.Add("```\nunclosed", 64)
	fuzzSplit(f, "markdown")
}

func FuzzChunkHTML(f *testing.F) {
	f.Add("<h1>A</h1><p>text<script>x</script></p>", 32)
	f.Add("<table><tr><td>a<td>b</table><h3>", 64)
	fuzzSplit(f, "html")
}

// fuzzSplit checks what every caller relies on: Split never panics, fails
// only with a validation error, and every chunk is non-empty valid UTF-8
// within the token budget, numbered from 0.
func fuzzSplit(f *testing.F, format string) {
	f.Fuzz(func(t *testing.T, content string, maxTokens int) {
		maxTokens = chunk.MinMaxTokens + abs(maxTokens)%(chunk.MaxMaxTokens-chunk.MinMaxTokens+1)
		opts := chunk.Options{MaxTokens: maxTokens}
		got, err := chunk.Split(format, content, opts)
		if err != nil {
			var ve *errs.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error %v is not a validation error", err)
			}
			return
		}
		if len(got) == 0 {
			t.Fatal("no chunks and no error")
		}
		for i, c := range got {
			if c.Position != i || c.Content == "" || !utf8.ValidString(c.Content) {
				t.Fatalf("chunk %d: position %d, content %q", i, c.Position, c.Content)
			}
			if n := chunk.CountTokens(c.Content); n != c.TokenCount || n > maxTokens {
				t.Fatalf("chunk %d: %d tokens (says %d), budget %d", i, n, c.TokenCount, maxTokens)
			}
			for _, h := range c.HeadingPath {
				if h == "" || !utf8.ValidString(h) {
					t.Fatalf("chunk %d: bad heading %q", i, h)
				}
			}
		}
	})
}

func abs(n int) int {
	if n < 0 {
		if n == -n { // math.MinInt
			return 0
		}
		return -n
	}
	return n
}
