package e2e

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// oauthConfig is a standard OAuth2 client of the token endpoint.
func oauthConfig() *oauth2.Config {
	return &oauth2.Config{ClientID: "react-admin", Endpoint: oauth2.Endpoint{
		TokenURL: env.url + "/auth/token", AuthStyle: oauth2.AuthStyleInParams,
	}}
}

// TestOAuth2ClientLogsInAndRefreshes drives golang.org/x/oauth2 itself:
// the password grant, an expired access token renewed through its
// TokenSource with grant_type=refresh_token (RFC 6749 §6), and a reused
// refresh token refused with the §5.2 error code.
func TestOAuth2ClientLogsInAndRefreshes(t *testing.T) {
	t.Parallel()
	co, _ := newCompany(t)
	u := newUser(t, co, "content_writer")
	ctx := context.WithValue(t.Context(), oauth2.HTTPClient, httpClient)
	conf := oauthConfig()

	tok, err := conf.PasswordCredentialsToken(ctx, u.Email, u.Password)
	if err != nil {
		t.Fatalf("password grant: %v", err)
	}
	if tok.RefreshToken == "" || tok.Expiry.IsZero() {
		t.Fatalf("token without refresh token or expiry: %+v", tok)
	}
	first := *tok
	// The access token has expired as far as the client knows: its
	// TokenSource must refresh before the call.
	tok.Expiry = time.Now().Add(-time.Minute)
	src := conf.TokenSource(ctx, tok)
	me, err := oauth2.NewClient(ctx, src).Get(env.url + "/auth/me")
	if err != nil {
		t.Fatal(err)
	}
	_ = me.Body.Close()
	if me.StatusCode != http.StatusOK {
		t.Fatalf("/auth/me with the refreshed token: %d", me.StatusCode)
	}
	renewed, err := src.Token()
	if err != nil {
		t.Fatal(err)
	}
	if renewed.AccessToken == first.AccessToken || renewed.RefreshToken == first.RefreshToken {
		t.Fatalf("token source did not refresh (access or refresh token unchanged)")
	}

	// The first refresh token was rotated: using it again is a reuse,
	// refused, and it revokes the family (the renewed one dies too).
	stale := first
	stale.Expiry = time.Now().Add(-time.Minute)
	_, err = conf.TokenSource(ctx, &stale).Token()
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.ErrorCode != "invalid_grant" {
		t.Fatalf("reused refresh token: %v, want a RetrieveError invalid_grant", err)
	}
	renewed.Expiry = time.Now().Add(-time.Minute)
	if _, err := conf.TokenSource(ctx, renewed).Token(); !errors.As(err, &re) || re.ErrorCode != "invalid_grant" {
		t.Fatalf("refresh after a reuse: %v, want invalid_grant (family revoked)", err)
	}
	// /auth/refresh stays, with the same rules.
	want(t, refresh(t, renewed.RefreshToken), http.StatusUnauthorized)
}

// TestTokenEndpointErrorCodes: token-endpoint errors carry RFC 6749 §5.2
// "error" beside FastAPI's "detail".
func TestTokenEndpointErrorCodes(t *testing.T) {
	t.Parallel()
	co, _ := newCompany(t)
	u := newUser(t, co, "content_writer")
	cases := []struct {
		name   string
		form   string
		status int
		code   string
	}{
		{"wrong password", "grant_type=password&username=" + u.Email + "&password=nope", http.StatusUnauthorized, "invalid_grant"},
		{"unknown refresh token", "grant_type=refresh_token&refresh_token=not-a-token", http.StatusUnauthorized, "invalid_grant"},
		{"refresh grant without token", "grant_type=refresh_token", http.StatusUnprocessableEntity, "invalid_request"},
		{"unsupported grant", "grant_type=client_credentials", http.StatusBadRequest, "unsupported_grant_type"},
	}
	for _, tc := range cases {
		r := call(t, http.MethodPost, "/auth/token", "", rawForm(tc.form))
		want(t, r, tc.status)
		o := r.obj(t)
		if o["error"] != tc.code || o["detail"] == nil {
			t.Errorf("%s: %s, want error %q beside detail", tc.name, r, tc.code)
		}
	}
}
