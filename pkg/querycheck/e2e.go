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
// the e2e suite's proof, run once the tests are done. The served shapes
// go to the EnvReport file, if set.
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
	return len(shapes), vs, AppendReport(served)
}

// EnvReport names a file to which the served shapes are appended as rows
// of a Markdown table (ReportHeader), by the e2e suite and by the store
// tests (mongotest): docs/indexes.md is made of them.
const EnvReport = "COPYDESK_QUERY_REPORT"

// ReportHeader is the head of the table AppendReport writes rows of.
const ReportHeader = "| service | query shape | sent by | served by |\n|---|---|---|---|\n"

// AppendReport appends the rows of served to the file EnvReport names,
// if any.
func AppendReport(served []Served) error {
	path := os.Getenv(EnvReport)
	if path == "" {
		return nil
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("query report: %w", err)
	}
	var b strings.Builder
	for _, s := range served {
		b.WriteString(row(s))
	}
	_, err = f.WriteString(b.String())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// row is one served shape: the service (from the sender's path:
// services/<name>/…, else its first element: gateway, pkg), the shape,
// the sending function (its package's name, without the path or line) and
// the index.
func row(s Served) string {
	by := s.Index
	if by == "" {
		by = "(tiny collection: " + Tiny[s.Shape.Coll] + ")"
	}
	caller, _, _ := strings.Cut(s.Shape.Caller, " (")
	path := caller
	if rest, ok := strings.CutPrefix(path, "services/"); ok {
		path = rest
	}
	service, _, found := strings.Cut(path, "/")
	if !found {
		service = "pkg"
	}
	if i := strings.LastIndex(caller, "/"); i >= 0 {
		caller = caller[i+1:]
	}
	return fmt.Sprintf("| %s | `%s` | %s | %s |\n", service, s.Shape, caller, by)
}
