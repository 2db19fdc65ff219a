package transport

import (
	"google.golang.org/protobuf/types/known/timestamppb"

	usersv1 "github.com/copydesk/copydesk/gen/copydesk/users/v1"
	"github.com/copydesk/copydesk/pkg/listing"
	"github.com/copydesk/copydesk/pkg/protoconv"
	"github.com/copydesk/copydesk/services/users/internal/domain"
)

func companyPB(c domain.Company) *usersv1.Company {
	return &usersv1.Company{
		Id: c.ID, Name: c.Name, Description: c.Description, IsActive: c.IsActive,
		CreatedAt: timestamppb.New(c.CreatedAt), UpdatedAt: timestamppb.New(c.UpdatedAt),
	}
}

// userPB maps a user for a response; the password hash is never copied.
func userPB(u domain.User) *usersv1.User {
	return &usersv1.User{
		Id: u.ID, Email: u.Email, Username: u.Username, FullName: u.FullName, Role: u.Role, CompanyId: u.CompanyID, IsActive: u.IsActive,
		CreatedAt: timestamppb.New(u.CreatedAt), UpdatedAt: timestamppb.New(u.UpdatedAt), LastLoginAt: protoconv.TimestampPtr(u.LastLoginAt),
	}
}

// page validates the paging of a user or company list (sortable: UserSorts
// or CompanySorts), oldest first by default.
func page(skip, limit int32, sort, order string, sortable []string) (domain.Page, error) {
	return listing.NewPage(listing.PageRequest{Skip: skip, Limit: limit, Sort: sort, Order: order,
		Sortable: sortable, Default: "created_at"})
}
