package transport_test

import (
	"testing"

	"google.golang.org/grpc/codes"

	authv1 "github.com/copydesk/copydesk/gen/copydesk/auth/v1"
)

// TestServiceCredentialRefusedIsNotAFailedLogin: when the users service
// refuses auth's service identity (here auth holds the gateway's
// certificate, which names no service), a login is a neutral 500 every
// time — not "Incorrect username or password", and not counted towards the
// user's lockout.
func TestServiceCredentialRefusedIsNotAFailedLogin(t *testing.T) {
	t.Parallel()
	s := newStackAs(t, 2, "gateway")
	for _, pw := range []string{"correct horse", "wrong", "wrong", "correct horse"} {
		_, err := s.auth.Token(t.Context(), &authv1.TokenRequest{Username: "alice@example.com", Password: pw})
		wantCode(t, err, codes.Internal, "Internal server error")
	}
	if docs := s.refresh(t.Context()); len(docs) != 0 {
		t.Fatalf("%d refresh tokens issued without a verified login", len(docs))
	}
}
