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

// New returns a Service.
func New(companies CompanyStore, users UserStore, hasher Hasher) *Service {
	return &Service{companies: companies, users: users, hasher: hasher, now: time.Now}
}

// nowUTC is the current time at the millisecond precision Mongo stores.
func (s *Service) nowUTC() time.Time { return s.now().UTC().Truncate(time.Millisecond) }
