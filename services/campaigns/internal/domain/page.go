package domain

import (
	"slices"
	"strings"

	"github.com/copydesk/copydesk/pkg/errs"
)

// Paging limits of the REST face.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

// CampaignSorts are the public sort fields of campaign lists.
var CampaignSorts = []string{"name", "status", "start_at", "end_at", "budget_cents", "created_at", "updated_at"}

// NewPage validates list parameters (422 on bad values). sortable lists
// the public sort names; def is the default.
func NewPage(skip, limit int32, sort, order string, sortable []string, def string, defDesc bool) (Page, error) {
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
