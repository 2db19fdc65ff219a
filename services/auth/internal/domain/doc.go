// Package domain holds the rules of the auth service: the OAuth2 password
// grant with per-account throttling of failed logins (login.go,
// throttle.go), refresh-token rotation with reuse detection (refresh.go)
// and logout (logout.go).
//
// It imports neither gRPC nor Mongo. It declares what it needs from the
// outside as small interfaces (ports.go): the token and throttle stores
// (implemented by internal/store), the users service's directory
// (implemented by a gRPC client in internal/transport), the access-token
// issuer (pkg/authn) and a clock.
//
// Access tokens are stateless JWTs: logout revokes refresh tokens only, and
// an access token already issued stays valid until it expires
// (ACCESS_TOKEN_TTL, default 15m). Keep that TTL short.
//
// Refresh tokens are opaque (32 random bytes, base64url) and only their
// SHA-256 is stored. Every refresh rotates the token within its family; a
// token presented again after it was rotated revokes the whole family, so a
// stolen token is useful at most until its rightful owner refreshes. Each
// new token lives REFRESH_TOKEN_TTL from its own issue (a sliding window).
package domain
