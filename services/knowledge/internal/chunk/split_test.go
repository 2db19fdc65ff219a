package chunk_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/services/knowledge/internal/chunk"
)

func TestMarkdownKeepsHeadingPathsAndDropsMarkup(t *testing.T) {
	t.Parallel()
	doc := "Intro line before any heading.\n\n" +
		"# Brand voice\n\nWe write like a [friendly guide](https://example.com/guide).\n\n" +
		"## Words we avoid\n\n- synergy\n- *leverage*\n  - nested `cheap`\n\n" +
		"<script>alert('x')</script>\n\n<!-- editor note: secret -->\n\n" +
		"```\ncode stays\n```\n\n" +
		"## Tone\n\n| channel | tone |\n|---|---|\n| email | warm |\n\n" +
		"# Legal\n\n## Trademarks\n"
	got, err := chunk.Split("markdown", doc, chunk.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		path    []string
		content string
	}{
		{nil, "Intro line before any heading."},
		{[]string{"Brand voice"}, "We write like a friendly guide."},
		{[]string{"Brand voice", "Words we avoid"}, "- synergy\n- leverage\n  - nested cheap\n\ncode stays"},
		{[]string{"Brand voice", "Tone"}, "channel | tone\nemail | warm"},
		{[]string{"Legal", "Trademarks"}, "Trademarks"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d chunks, want %d: %#v", len(got), len(want), got)
	}
	for i, w := range want {
		c := got[i]
		if !slices.Equal(c.HeadingPath, w.path) || c.Content != w.content || c.Position != i {
			t.Errorf("chunk %d = %q %q pos %d; want %q %q pos %d", i, c.HeadingPath, c.Content, c.Position, w.path, w.content, i)
		}
		if c.TokenCount != chunk.CountTokens(c.Content) {
			t.Errorf("chunk %d token count %d, want %d", i, c.TokenCount, chunk.CountTokens(c.Content))
		}
	}
}

func TestHTMLKeepsHeadingsAndDropsScriptsStylesComments(t *testing.T) {
	t.Parallel()
	doc := `<!doctype html><html><head><title>T</title><style>body{color:red}</style></head><body>
<nav>Home</nav>
<h1>Shipping <em>policy</em></h1>
<p>Orders ship   within
two days.</p><script>var secret = 1;</script>
<!-- internal comment -->
<h2>Returns</h2><ul><li>30 days</li><li>Unworn items</li></ul>
<pre>  keep   spacing</pre>
<h2>Contact</h2><p>Mail us.<br>Or call.</p>
</body></html>`
	got, err := chunk.Split("html", doc, chunk.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, c := range got {
		lines = append(lines, strings.Join(c.HeadingPath, ">")+": "+c.Content)
	}
	want := []string{
		": Home",
		"Shipping policy: Orders ship within two days.",
		"Shipping policy>Returns: - 30 days\n\n- Unworn items\n\nkeep   spacing",
		"Shipping policy>Contact: Mail us.\nOr call.",
	}
	if !slices.Equal(lines, want) {
		t.Fatalf("chunks:\n%q\nwant\n%q", lines, want)
	}
	for _, c := range got {
		if strings.Contains(c.Content, "secret") || strings.Contains(c.Content, "color") || strings.Contains(c.Content, "comment") {
			t.Fatalf("hidden text leaked into %q", c.Content)
		}
	}
}

func TestTextSplitsByParagraph(t *testing.T) {
	t.Parallel()
	got, err := chunk.Split("text", "First paragraph\nsecond line.\n\n\n  Second paragraph.  \n", chunk.Options{MaxTokens: 32})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Content != "First paragraph\nsecond line.\n\nSecond paragraph." {
		t.Fatalf("got %#v", got)
	}
}

func TestLongSectionsRespectBudgetAndOverlap(t *testing.T) {
	t.Parallel()
	var sb strings.Builder
	sb.WriteString("# Guide\n\n")
	for i := range 120 {
		sb.WriteString("Sentence number " + strings.Repeat("x", i%7+1) + " describes the brand tone carefully. ")
		if i%40 == 39 {
			sb.WriteString("\n\n")
		}
	}
	sb.WriteString(strings.Repeat("y", 500) + "\n") // one word far above the budget
	opts := chunk.Options{MaxTokens: 64, OverlapTokens: 16}
	got, err := chunk.Split("markdown", sb.String(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) < 10 {
		t.Fatalf("only %d chunks", len(got))
	}
	overlaps := 0
	for i, c := range got {
		if c.TokenCount > opts.MaxTokens || chunk.CountTokens(c.Content) != c.TokenCount {
			t.Fatalf("chunk %d has %d tokens (counted %d), budget %d", i, c.TokenCount, chunk.CountTokens(c.Content), opts.MaxTokens)
		}
		if !slices.Equal(c.HeadingPath, []string{"Guide"}) {
			t.Fatalf("chunk %d path %q", i, c.HeadingPath)
		}
		if i > 0 {
			prev := strings.Fields(got[i-1].Content)
			if first := strings.Fields(c.Content)[0]; strings.Contains(got[i-1].Content, first) && slices.Contains(prev[len(prev)/2:], first) {
				overlaps++
			}
		}
	}
	if overlaps < len(got)/2 {
		t.Fatalf("only %d of %d chunks open with the tail of the previous one", overlaps, len(got))
	}
	all := strings.Join(contents(got), " ")
	if !strings.Contains(strings.ReplaceAll(all, " ", ""), strings.Repeat("y", 500)) {
		t.Fatal("the long word was lost")
	}
}

func TestNoOverlapWhenNegative(t *testing.T) {
	t.Parallel()
	text := strings.Repeat("alpha beta gamma delta. ", 100)
	got, err := chunk.Split("text", text, chunk.Options{MaxTokens: 40, OverlapTokens: -1})
	if err != nil {
		t.Fatal(err)
	}
	if joined := strings.Join(contents(got), " "); strings.Count(joined, "alpha") != 100 {
		t.Fatalf("without overlap every word appears once; alpha appears %d times", strings.Count(joined, "alpha"))
	}
}

func TestInvalidDocumentsAre422(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, format, content string
		opts                  chunk.Options
		fields                []string
	}{
		{"empty", "text", "", chunk.Options{}, []string{"content"}},
		{"blank", "markdown", " \n\t\n", chunk.Options{}, []string{"content"}},
		{"binary", "text", "PK\x03\x04\x00\x00payload", chunk.Options{}, []string{"content"}},
		{"invalid utf8", "text", "caf\xe9 au lait", chunk.Options{}, []string{"content"}},
		{"unknown format", "pdf", "hello", chunk.Options{}, []string{"format"}},
		{"only markup", "html", "<script>x()</script><!-- y --><style>a{}</style>", chunk.Options{}, []string{"content"}},
		{"all at once", "docx", "", chunk.Options{MaxTokens: 10, OverlapTokens: 9}, []string{"format", "content", "chunking.max_tokens", "chunking.overlap_tokens"}},
		{"too large", "text", strings.Repeat("a ", chunk.MaxContentBytes/2+1), chunk.Options{}, []string{"content"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := chunk.Split(tc.format, tc.content, tc.opts)
			var ve *errs.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("err = %v, want a ValidationError", err)
			}
			var fields []string
			for _, v := range ve.Violations {
				fields = append(fields, v.Field)
			}
			if !slices.Equal(fields, tc.fields) {
				t.Fatalf("violations on %q, want %q", fields, tc.fields)
			}
		})
	}
}

func TestCountTokens(t *testing.T) {
	t.Parallel()
	cases := map[string]int{
		"":                        0,
		"the":                     1,
		"brand":                   2,
		"Hello, world!":           6,
		"   ":                     0,
		"品牌指南":                    4,
		"international shipping.": 4 + 2 + 1,
	}
	for in, want := range cases {
		if got := chunk.CountTokens(in); got != want {
			t.Errorf("CountTokens(%q) = %d, want %d", in, got, want)
		}
	}
}

func contents(cs []chunk.Chunk) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Content
	}
	return out
}
