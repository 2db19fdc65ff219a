package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/tickets/internal/domain"
)

type ctxT = context.Context

// scopeFilter is the filter every ticket query starts from: not deleted
// and in the tenant scope (mongox.LiveFilter, which refuses a missing
// company), and for clients created-or-followed.
func scopeFilter(s domain.Scope) (bson.M, error) {
	f, err := mongox.LiveFilter(s.Scope)
	if err != nil {
		return nil, err
	}
	if s.VisibleTo != "" {
		f["$or"] = bson.A{bson.M{"created_by": s.VisibleTo}, bson.M{"followers": s.VisibleTo}}
	}
	return f, nil
}
