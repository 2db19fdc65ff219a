// Package chunk owns the splitting of a source document into chunks for
// retrieval: it validates the raw document (format, UTF-8, not empty, not
// binary), reads its structure (Markdown through goldmark's AST, HTML through
// golang.org/x/net/html with scripts, styles and comments dropped, plain text
// by paragraphs) and packs the blocks of each section into chunks of at most
// Options.MaxTokens approximate tokens, each carrying the heading path it sits
// under and its position in the document.
//
// It knows nothing of companies, storage or embeddings.
package chunk
