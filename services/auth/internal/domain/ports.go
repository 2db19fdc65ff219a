package domain

import (
	"context"
	"errors"
	"time"

	"github.com/copydesk/copydesk/pkg/principal"
)

// Account is what the users service tells auth about a user.
type Account struct {
	ID            string
	CompanyID     string
	Role          string
	Active        bool
	CompanyActive bool
	// CredentialsChangedAt is when the password last changed (zero:
	// never). Refresh tokens created before it are refused.
	CredentialsChangedAt time.Time
	// LoginShared: accounts of other companies use the same login
	// (VerifyCredentials; throttle.go).
	LoginShared bool
}

// Directory is the users service (another process: the outside of this
// unit). VerifyCredentials answers an error of kind errs.ErrNotFound when
// no active account matches (an unknown user, a wrong password, an
// inactive user or company, all alike); LookupUser answers
// errs.ErrNotFound for a user that is gone. Other errors
// (errs.ErrUnavailable, a refused service credential, …) mean the answer
// is unknown: they are never a failed login.
type Directory interface {
	VerifyCredentials(ctx context.Context, login, password, companyID string) (Account, error) // login: an email or a username
	LookupUser(ctx context.Context, userID string) (Account, error)
	// EndSessions ends the user's access tokens issued before now.
	EndSessions(ctx context.Context, userID string) error
}

// Issuer signs access tokens (pkg/authn.Signer).
type Issuer interface {
	Issue(p principal.Principal) (string, error)
	TTL() time.Duration
}

// RefreshToken is a stored refresh token. Hash is the SHA-256 (hex) of the
// token; the token itself is never stored.
type RefreshToken struct {
	Hash      string
	FamilyID  string
	UserID    string
	CompanyID string
	CreatedAt time.Time
	ExpiresAt time.Time
	RotatedAt *time.Time
	RevokedAt *time.Time
}

// States of a refresh token that cannot be used, returned by TokenStore.
var (
	ErrTokenUnknown = errors.New("refresh token unknown")
	ErrTokenRotated = errors.New("refresh token already rotated")
	ErrTokenRevoked = errors.New("refresh token revoked")
	ErrTokenExpired = errors.New("refresh token expired")
)

// TokenStore keeps refresh tokens. Refresh tokens are looked up by their
// hash (the hash is the credential), so these methods take no tenant.
//
// The atomic steps must hold on FerretDB too, where findAndModify and
// update are read-then-write (two concurrent conditional updates can both
// "win"): Rotate and family revocation are built on unique inserts.
type TokenStore interface {
	// Insert stores a new token.
	Insert(ctx context.Context, t RefreshToken) error
	// Get reads a token by hash, or ErrTokenUnknown.
	Get(ctx context.Context, hash string) (RefreshToken, error)
	// Rotate spends a usable token at now in one atomic step; of
	// concurrent callers exactly one succeeds. A token that is not usable
	// gives ErrTokenUnknown, ErrTokenRotated, ErrTokenRevoked or
	// ErrTokenExpired.
	Rotate(ctx context.Context, hash string, now time.Time) error
	// RevokeFamily marks the family revoked (FamilyRevoked answers true
	// from then on), then revokes every token of it not revoked yet.
	RevokeFamily(ctx context.Context, familyID string, now time.Time) (int64, error)
	// RevokeUser does RevokeFamily for every family of a user.
	RevokeUser(ctx context.Context, userID string, now time.Time) (int64, error)
	// FamilyRevoked reports whether the family was revoked.
	FamilyRevoked(ctx context.Context, familyID string) (bool, error)
	// Purge deletes the tokens (and the records that only served them)
	// that expired before now.
	Purge(ctx context.Context, now time.Time) (int64, error)
}

// Throttle is the failed-login record of one account (one username).
type Throttle struct {
	Failures    int       // failures after the window floor (AddFailure)
	LockedUntil time.Time // zero when not locked
}

// ThrottleStore keeps failed-login records so that several auth replicas
// share them safely: no concurrent failure may go uncounted.
type ThrottleStore interface {
	// Get reads the record of key; a missing record is the zero Throttle.
	Get(ctx context.Context, key string) (Throttle, error)
	// AddFailure records one failure at now and answers the number of the
	// key's failures after windowFloor, this one included (a sliding
	// window). Of concurrent callers, the last answers the full count.
	AddFailure(ctx context.Context, key string, now, windowFloor time.Time) (Throttle, error)
	// Lock locks key until the given time.
	Lock(ctx context.Context, key string, until time.Time) error
	// Reset forgets the failures of key.
	Reset(ctx context.Context, key string) error
	// Purge deletes failures older than floor and locks that ended
	// before it.
	Purge(ctx context.Context, floor time.Time) (int64, error)
}
