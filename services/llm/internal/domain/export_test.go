package domain

import "time"

// SetClock replaces the service's clock (admission, metering, breakers).
func (s *Service) SetClock(now func() time.Time) {
	s.now = now
	for _, b := range s.breakers {
		b.mu.Lock()
		b.now = now
		b.mu.Unlock()
	}
}
