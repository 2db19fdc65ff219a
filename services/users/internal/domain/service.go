package domain

import (
	"time"
)

// Service carries out the use cases of companies, users and login.
type Service struct {
	companies CompanyStore
	users     UserStore
	hasher    Hasher
	throttle  PasswordThrottle
	now       func() time.Time
}

// Deps are the outside parts the use cases use.
type Deps struct {
	Companies CompanyStore
	Users     UserStore
	Hasher    Hasher
	// Throttle limits wrong current passwords in ChangePassword (default
	// 5 per 15 minutes, as LOGIN_MAX_FAILURES and LOGIN_LOCKOUT).
	Throttle PasswordThrottle
}

// New returns a Service.
func New(d Deps) *Service {
	if d.Throttle.MaxFailures <= 0 || d.Throttle.Window <= 0 {
		d.Throttle = PasswordThrottle{MaxFailures: 5, Window: 15 * time.Minute}
	}
	return &Service{companies: d.Companies, users: d.Users, hasher: d.Hasher, throttle: d.Throttle, now: time.Now}
}

// nowUTC is the current time at the millisecond precision Mongo stores.
func (s *Service) nowUTC() time.Time { return s.now().UTC().Truncate(time.Millisecond) }
