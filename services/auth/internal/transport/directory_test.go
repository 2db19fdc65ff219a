package transport_test

import (
	"strings"
	"testing"

	"google.golang.org/grpc/codes"

	authv1 "github.com/copydesk/copydesk/gen/copydesk/auth/v1"
)

// TestServiceCredentialRefusedIsNotAFailedLogin: when the users service
// refuses auth's own service credential (JWT keys that differ between the
// two), a login is a neutral 500 every time — not "Incorrect username or
// password", and not counted towards the user's lockout.
func TestServiceCredentialRefusedIsNotAFailedLogin(t *testing.T) {
	t.Parallel()
	s := newStackKeys(t, 2, strings.Repeat("x", 32))
	for _, pw := range []string{"correct horse", "wrong", "wrong", "correct horse"} {
		_, err := s.auth.Token(t.Context(), &authv1.TokenRequest{Username: "alice@example.com", Password: pw})
		wantCode(t, err, codes.Internal, "Internal server error")
	}
	if docs := s.refresh(t.Context()); len(docs) != 0 {
		t.Fatalf("%d refresh tokens issued without a verified login", len(docs))
	}
}
