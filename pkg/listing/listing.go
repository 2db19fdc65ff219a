// Package listing validates the paging parameters of every list of the REST
// face (skip, limit, sort, order) and bounds multi-valued filters. It
// imports no database code. Transports call NewPage with the list's
// sortable names (declared by its domain) and hand the domain a valid Page;
// stores turn the public sort name into a document field
// (pkg/mongox.ByField). Domains check their list filters with EnumFilter
// and CheckQ (filters.go).
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
	// MaxSkip bounds the offset: a database walks every skipped document,
	// so an unbounded skip is a cheap way to make it work hard. Lists
	// deeper than this are read with filters or another sort.
	MaxSkip = 100_000
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

// PageRequest is the paging of one list call as the client sent it
// (Skip, Limit, Sort, Order), with the rules of that list.
type PageRequest struct {
	Skip, Limit int32
	Sort, Order string
	// Sortable lists the public sort names of the list (nil: only Default).
	Sortable []string
	// Default is the sort when the client names none; DefaultDesc is its
	// direction when the client names no order.
	Default     string
	DefaultDesc bool
}

// NewPage validates r; every bad value is a field of one 422. A limit of 0
// means DefaultLimit.
func NewPage(r PageRequest) (Page, error) {
	var v errs.Validator
	v.Check(r.Skip >= 0 && r.Skip <= MaxSkip, "skip", "value_error", "skip must be from 0 to %d", MaxSkip)
	v.Check(r.Limit >= 0 && r.Limit <= MaxLimit, "limit", "less_than_equal", "limit must be from 1 to %d", MaxLimit)
	p := Page{Skip: int64(r.Skip), Limit: int64(r.Limit), Sort: r.Default, Desc: r.DefaultDesc}
	if p.Limit == 0 {
		p.Limit = DefaultLimit
	}
	if r.Sort != "" {
		v.Check(slices.Contains(r.Sortable, r.Sort), "sort", "literal_error", "sort must be one of %s", strings.Join(r.Sortable, ", "))
		p.Sort = r.Sort
	}
	switch strings.ToLower(r.Order) {
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
