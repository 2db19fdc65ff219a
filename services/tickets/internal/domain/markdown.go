package domain

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// md renders drafts: CommonMark with GitHub tables and strikethrough;
// raw HTML in a draft is escaped (goldmark's default), so a draft cannot
// put a script into a post.
var md = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))

func markdownToHTML(src string) (string, error) {
	var b bytes.Buffer
	if err := md.Convert([]byte(src), &b); err != nil {
		return "", err
	}
	return b.String(), nil
}
