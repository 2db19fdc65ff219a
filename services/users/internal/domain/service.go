package domain

import (
	"time"
)

// Service carries out the use cases of companies, users and login.
type Service struct {
	companies CompanyStore
	users     UserStore
	hasher    Hasher
	now       func() time.Time
}

// Deps are the outside parts the use cases use.
type Deps struct {
	Companies CompanyStore
	Users     UserStore
	Hasher    Hasher
}

// New returns a Service.
func New(d Deps) *Service {
	return &Service{companies: d.Companies, users: d.Users, hasher: d.Hasher, now: time.Now}
}

// nowUTC is the current time at the millisecond precision Mongo stores.
func (s *Service) nowUTC() time.Time { return s.now().UTC().Truncate(time.Millisecond) }
