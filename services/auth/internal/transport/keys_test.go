package transport_test

import (
	"testing"
	"time"

	"google.golang.org/grpc/codes"

	authv1 "github.com/copydesk/copydesk/gen/copydesk/auth/v1"
	"github.com/copydesk/copydesk/pkg/authn"
	"github.com/copydesk/copydesk/pkg/principal"
)

// GetKeys needs no token and publishes the key the access tokens name;
// a token signed by any other key is refused.
func TestGetKeysOverGRPC(t *testing.T) {
	t.Parallel()
	s := newStack(t, 5)
	ctx := t.Context()
	resp, err := s.dial("agents").GetKeys(ctx, &authv1.GetKeysRequest{})
	if err != nil {
		t.Fatal(err)
	}
	want := s.signer.PublicKeys()[0]
	if len(resp.GetKeys()) != 1 || resp.GetKeys()[0].GetKid() != want.ID || string(resp.GetKeys()[0].GetEd25519()) != string(want.Key) {
		t.Fatalf("GetKeys = %v, want the signing key %s", resp, want.ID)
	}
	forger, err := authn.GenerateSigner("copydesk", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	forged, _ := forger.Issue(principal.Principal{UserID: aliceID, CompanyID: companyID, Role: principal.RoleSuperadmin})
	_, err = s.auth.Me(bearer(ctx, forged), &authv1.MeRequest{})
	wantCode(t, err, codes.Unauthenticated, "")
}
