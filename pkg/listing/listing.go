// Package listing validates the paging parameters of every list of the REST
// face (skip, limit, sort, order). It imports no database code, so domain
// packages use it directly; pkg/mongox turns a Page into a query.
package listing

import (
	"slices"
	"strings"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/textset"
)

// Paging limits of the REST face.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
	// MaxFilterValues is the most values a multi-valued filter (e.g.
	// status=open,closed&status=approved) takes, counted as sent.
	MaxFilterValues = 100
)

// Filter is the rule of a multi-valued list filter: repeated and
// comma-separated values, trimmed, empty and repeated ones dropped.
func Filter(field string) textset.Rule {
	return textset.Rule{Field: field, Noun: field + " values", Max: MaxFilterValues, Sep: ","}
}

// Page is a validated skip/limit/sort/order; Sort is a public field name.
type Page struct {
	Skip  int64
	Limit int64
	Sort  string
	Desc  bool
}

// New validates list parameters; every bad value is a field of one 422.
// sortable lists the public sort names (nil: only the default); def is the
// default sort and defDesc its direction.
func New(skip, limit int32, sort, order string, sortable []string, def string, defDesc bool) (Page, error) {
	var v errs.Validator
	v.Check(skip >= 0, "skip", "greater_than_equal", "skip must be 0 or more")
	v.Check(limit >= 0 && limit <= MaxLimit, "limit", "less_than_equal", "limit must be from 1 to %d", MaxLimit)
	p := Page{Skip: int64(skip), Limit: int64(limit), Sort: def, Desc: defDesc}
	if p.Limit == 0 {
		p.Limit = DefaultLimit
	}
	if sort != "" {
		v.Check(slices.Contains(sortable, sort), "sort", "literal_error", "sort must be one of %s", strings.Join(sortable, ", "))
		p.Sort = sort
	}
	switch strings.ToLower(order) {
	case "":
	case "asc":
		p.Desc = false
	case "desc":
		p.Desc = true
	default:
		v.Add("order", "literal_error", "order must be asc or desc")
	}
	return p, v.Err()
}
