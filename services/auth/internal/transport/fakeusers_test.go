package transport_test

import (
	"context"
	"strings"
	"sync"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	usersv1 "github.com/copydesk/copydesk/gen/copydesk/users/v1"
	"github.com/copydesk/copydesk/pkg/principal"
)

// fakeUsers plays the users service: DirectoryService for auth's service
// token, UserService.GetUser for a user reading themselves.
type fakeUsers struct {
	usersv1.UnimplementedDirectoryServiceServer
	usersv1.UnimplementedUserServiceServer

	mu       sync.Mutex
	users    map[string]*usersv1.User // by id
	password map[string]string        // by id
	callers  []principal.Principal    // who called the directory
}

func (f *fakeUsers) record(ctx context.Context) {
	p, _ := principal.From(ctx)
	f.mu.Lock()
	f.callers = append(f.callers, p)
	f.mu.Unlock()
}

func (f *fakeUsers) VerifyCredentials(ctx context.Context, req *usersv1.VerifyCredentialsRequest) (*usersv1.VerifyCredentialsResponse, error) {
	f.record(ctx)
	f.mu.Lock()
	defer f.mu.Unlock()
	for id, u := range f.users {
		if strings.EqualFold(u.GetEmail(), strings.TrimSpace(req.GetEmail())) && f.password[id] == req.GetPassword() && u.GetIsActive() {
			return &usersv1.VerifyCredentialsResponse{User: u}, nil
		}
	}
	return nil, status.Error(codes.NotFound, "Incorrect username or password")
}

func (f *fakeUsers) LookupUser(ctx context.Context, req *usersv1.LookupUserRequest) (*usersv1.LookupUserResponse, error) {
	f.record(ctx)
	f.mu.Lock()
	defer f.mu.Unlock()
	u, ok := f.users[req.GetId()]
	if !ok {
		return nil, status.Error(codes.NotFound, "Item not found")
	}
	return &usersv1.LookupUserResponse{User: u, CompanyActive: true}, nil
}

func (f *fakeUsers) EndSessions(ctx context.Context, req *usersv1.EndSessionsRequest) (*usersv1.EndSessionsResponse, error) {
	f.record(ctx)
	return &usersv1.EndSessionsResponse{}, nil
}

func (f *fakeUsers) GetUser(ctx context.Context, req *usersv1.GetUserRequest) (*usersv1.GetUserResponse, error) {
	p, _ := principal.From(ctx)
	if p.UserID != req.GetId() {
		return nil, status.Error(codes.NotFound, "Item not found")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	u, ok := f.users[req.GetId()]
	if !ok {
		return nil, status.Error(codes.NotFound, "Item not found")
	}
	return &usersv1.GetUserResponse{User: u}, nil
}
