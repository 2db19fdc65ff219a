package querycheck

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/copydesk/copydesk/pkg/mongox"
)

// CheckLog checks the shapes the service processes wrote under dir
// (EnvLog) against the indexes of their databases on the server at uri:
// the e2e suite's proof, run once the tests are done. With
// COPYDESK_QUERY_REPORT set, the table of every shape and its index is
// written there as Markdown (docs/indexes.md quotes it).
func CheckLog(ctx context.Context, uri, dir string) (int, []Violation, error) {
	all, err := ReadLog(dir)
	if err != nil {
		return 0, nil, err
	}
	seen := map[string]bool{}
	var shapes []Shape
	for _, s := range all {
		if k := s.Key(); !seen[k] {
			seen[k] = true
			shapes = append(shapes, s)
		}
	}
	client, err := mongox.Connect(ctx, uri, 10*time.Second)
	if err != nil {
		return 0, nil, err
	}
	defer func() { _ = client.Disconnect(context.WithoutCancel(ctx)) }()
	indexes, err := ReadIndexes(ctx, client, shapes)
	if err != nil {
		return 0, nil, err
	}
	served, vs := Match(shapes, indexes)
	if path := os.Getenv("COPYDESK_QUERY_REPORT"); path != "" {
		if err := os.WriteFile(path, []byte(Table(served)), 0o600); err != nil {
			return 0, nil, fmt.Errorf("query report: %w", err)
		}
	}
	return len(shapes), vs, nil
}

// Table is the Markdown table of served shapes: database, query shape,
// the function that sends it, the index that serves it.
func Table(served []Served) string {
	var b strings.Builder
	b.WriteString("| database | query shape | sent by | served by |\n|---|---|---|---|\n")
	for _, s := range served {
		by := s.Index
		if by == "" {
			by = "(tiny collection: " + Tiny[s.Shape.Coll] + ")"
		}
		caller, _, _ := strings.Cut(s.Shape.Caller, " (") // the function, not its line
		fmt.Fprintf(&b, "| %s | `%s` | %s | %s |\n", s.Shape.DB, s.Shape, caller, by)
	}
	return b.String()
}
