package directory_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"

	usersv1 "github.com/copydesk/copydesk/gen/copydesk/users/v1"
	"github.com/copydesk/copydesk/pkg/directory"
	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/grpcserver"
	"github.com/copydesk/copydesk/pkg/tenancy"
)

// served is the status the users service sends for a domain error (its
// one error interceptor, grpcserver.ToStatus).
func served(err error) error {
	st, _ := grpcserver.ToStatus(err)
	return st.Err()
}

// TestFromStatus is the one mapping table: each answer of the users
// service becomes the kind the calling service acts on, and — through the
// caller's own interceptor — the code its client sees.
func TestFromStatus(t *testing.T) {
	t.Parallel()
	var badInput errs.Validator
	badInput.Add("email", "missing", "Field required")
	for _, tc := range []struct {
		name     string
		answer   error
		kind     error      // the pkg/errs kind (nil: none)
		client   codes.Code // what the calling service answers its client
		msg      string     // the client's message ("" : not checked)
		internal bool       // logged with its cause by the caller's interceptor
	}{
		{"unknown user", served(errs.ErrNotFound), errs.ErrNotFound, codes.NotFound, "Item not found", false},
		{"no account matches a login", served(errs.New(errs.ErrNotFound, "Incorrect username or password")), errs.ErrNotFound, codes.NotFound, "Item not found", false},
		{"malformed id", served(errs.New(errs.ErrMalformedID, "Malformed id: %q", "x")), errs.ErrNotFound, codes.NotFound, "", false},
		{"email in several companies", served(errs.New(errs.ErrBadRequest, "Several accounts use this email; pass company_id")),
			errs.ErrBadRequest, codes.InvalidArgument, "Several accounts use this email; pass company_id", false},
		// A credential problem between services is never the user's
		// fault: not "user not found", not "wrong password", not 401/403.
		{"service identity refused", served(errs.New(errs.ErrUnauthenticated, "Could not validate credentials")), nil, codes.Internal, "Internal server error", true},
		{"caller is not a service", served(errs.ErrPermissionDenied), nil, codes.Internal, "Internal server error", true},
		{"users service down", status.Error(codes.Unavailable, "connection refused 10.0.0.7:9000"), errs.ErrUnavailable, codes.Unavailable, "Users service unavailable; retry later", false},
		{"users service slow", status.Error(codes.DeadlineExceeded, "context deadline exceeded"), errs.ErrUnavailable, codes.Unavailable, "Users service unavailable; retry later", false},
		{"caller gone", status.Error(codes.Canceled, "context canceled"), nil, codes.Canceled, "", false},
		{"our request was invalid", served(badInput.Err()), nil, codes.Internal, "Internal server error", true},
		{"users service failed", status.Error(codes.Internal, "Internal server error"), nil, codes.Internal, "Internal server error", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := directory.FromStatus(tc.answer)
			for _, k := range []error{errs.ErrNotFound, errs.ErrBadRequest, errs.ErrUnavailable, errs.ErrUnauthenticated, errs.ErrPermissionDenied, errs.ErrMalformedID} {
				if errors.Is(got, k) != (k == tc.kind) {
					t.Fatalf("FromStatus = %v; is %v: %v, want kind %v", got, k, errors.Is(got, k), tc.kind)
				}
			}
			st, known := grpcserver.ToStatus(got)
			if st.Code() != tc.client || known == tc.internal || (tc.msg != "" && st.Message() != tc.msg) {
				t.Fatalf("the caller answers %s %q (known %v), want %s %q (internal %v)", st.Code(), st.Message(), known, tc.client, tc.msg, tc.internal)
			}
			if strings.Contains(st.Message(), "10.0.0.7") {
				t.Fatalf("a downstream address reached the client: %q", st.Message())
			}
		})
	}
	if got := directory.FromStatus(served(errs.ErrUnauthenticated)); !errors.Is(got, directory.ErrServiceCredential) {
		t.Errorf("a refused service credential is %v, want ErrServiceCredential (for logs and alerts)", got)
	}
	if got := directory.FromStatus(served(errs.ErrUnauthenticated)); !strings.Contains(got.Error(), "Unauthenticated") {
		t.Errorf("the logged cause %q does not name the code", got)
	}
	plain := errors.New("not a status")
	if got := directory.FromStatus(plain); got != plain {
		t.Errorf("a non-status error became %v", got)
	}
}

// fakeDirectory answers every RPC with resp or err.
type fakeDirectory struct {
	usersv1.DirectoryServiceClient
	user    *usersv1.LookupUserResponse
	company *usersv1.LookupCompanyResponse
	login   *usersv1.VerifyCredentialsResponse
	err     error
}

func (f *fakeDirectory) LookupUser(context.Context, *usersv1.LookupUserRequest, ...grpc.CallOption) (*usersv1.LookupUserResponse, error) {
	return f.user, f.err
}

func (f *fakeDirectory) LookupCompany(context.Context, *usersv1.LookupCompanyRequest, ...grpc.CallOption) (*usersv1.LookupCompanyResponse, error) {
	return f.company, f.err
}

func (f *fakeDirectory) VerifyCredentials(context.Context, *usersv1.VerifyCredentialsRequest, ...grpc.CallOption) (*usersv1.VerifyCredentialsResponse, error) {
	return f.login, f.err
}

func TestClient(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	changed := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	pb := &usersv1.User{Id: "u1", CompanyId: "c1", Role: "content_writer", IsActive: true}
	c := directory.New(&fakeDirectory{
		user:    &usersv1.LookupUserResponse{User: pb, CompanyActive: false, CredentialsChangedAt: timestamppb.New(changed)},
		company: &usersv1.LookupCompanyResponse{Company: &usersv1.Company{Id: "c1", IsActive: true}},
		login:   &usersv1.VerifyCredentialsResponse{User: pb},
	})
	u, err := c.LookupUser(ctx, "u1")
	if err != nil || u != (directory.User{ID: "u1", CompanyID: "c1", Role: "content_writer", Active: true, CredentialsChangedAt: changed}) {
		t.Fatalf("LookupUser = %+v, %v", u, err)
	}
	u, err = c.VerifyCredentials(ctx, "a@b.c", "pw", "")
	if err != nil || !u.CompanyActive || u.ID != "u1" {
		t.Fatalf("VerifyCredentials = %+v, %v (the directory answers only for active companies)", u, err)
	}
	if co, err := c.LookupCompany(ctx, "c1"); err != nil || co != (directory.Company{ID: "c1", Active: true}) {
		t.Fatalf("LookupCompany = %+v, %v", co, err)
	}

	down := directory.New(&fakeDirectory{err: status.Error(codes.Unauthenticated, "Could not validate credentials")})
	for name, call := range map[string]func() error{
		"LookupUser":        func() error { _, err := down.LookupUser(ctx, "u1"); return err },
		"LookupCompany":     func() error { _, err := down.LookupCompany(ctx, "c1"); return err },
		"VerifyCredentials": func() error { _, err := down.VerifyCredentials(ctx, "a@b.c", "pw", ""); return err },
	} {
		if err := call(); !errors.Is(err, directory.ErrServiceCredential) || !strings.Contains(err.Error(), "users."+name) {
			t.Errorf("%s: %v, want ErrServiceCredential naming the call", name, err)
		}
	}
}

// TestLookup: the tenancy port carries the directory's answer, and a
// refused service credential stays an error (never "no such user").
func TestLookup(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	l := directory.NewLookup(&fakeDirectory{
		user:    &usersv1.LookupUserResponse{User: &usersv1.User{Id: "u1", CompanyId: "c1", Role: "client", IsActive: true}, CompanyActive: true},
		company: &usersv1.LookupCompanyResponse{Company: &usersv1.Company{Id: "c1", IsActive: false}},
	})
	if a, err := l.LookupUser(ctx, "u1"); err != nil || a != (tenancy.Account{ID: "u1", CompanyID: "c1", Role: "client", Active: true, CompanyActive: true}) {
		t.Fatalf("LookupUser = %+v, %v", a, err)
	}
	if co, err := l.LookupCompany(ctx, "c1"); err != nil || co != (tenancy.Company{ID: "c1", Active: false}) {
		t.Fatalf("LookupCompany = %+v, %v", co, err)
	}
	down := directory.NewLookup(&fakeDirectory{err: status.Error(codes.Unauthenticated, "Could not validate credentials")})
	if _, err := down.LookupUser(ctx, "u1"); !errors.Is(err, directory.ErrServiceCredential) || errors.Is(err, errs.ErrNotFound) {
		t.Fatalf("refused credential: %v", err)
	}
}
