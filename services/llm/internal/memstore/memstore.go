// Package memstore is an in-memory domain.Store for tests and benchmarks.
package memstore

import (
	"context"
	"sync"
	"time"

	"github.com/copydesk/copydesk/services/llm/internal/domain"
)

// Store is an in-memory domain.Store for tests and benchmarks.
type Store struct {
	mu       sync.Mutex
	usage    []domain.UsageRecord
	budgets  map[string]domain.Budget
	counters map[string]int
}

// New returns an empty store.
func New() *Store {
	return &Store{budgets: map[string]domain.Budget{}, counters: map[string]int{}}
}

func (m *Store) RecordUsage(_ context.Context, _ string, r domain.UsageRecord) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.usage = append(m.usage, r)
	return nil
}

func (m *Store) SpendBetween(_ context.Context, c string, from, to time.Time) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var n int64
	for _, r := range m.usage {
		if r.CompanyID == c && !r.CreatedAt.Before(from) && r.CreatedAt.Before(to) {
			n += r.CostMicros
		}
	}
	return n, nil
}

func (m *Store) ListUsage(_ context.Context, c string, from, to time.Time) ([]domain.UsageRecord, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []domain.UsageRecord
	for _, r := range m.usage {
		if r.CompanyID == c && !r.CreatedAt.Before(from) && r.CreatedAt.Before(to) {
			out = append(out, r)
		}
	}
	return out, nil
}

func (m *Store) GetBudget(_ context.Context, c string) (domain.Budget, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.budgets[c]
	return b, ok, nil
}

func (m *Store) UpdateBudget(_ context.Context, c string, u domain.BudgetUpdate, now time.Time) (domain.Budget, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b := m.budgets[c]
	b.CompanyID, b.UpdatedAt = c, now
	if u.MonthlyBudgetMicros != nil {
		b.MonthlyBudgetMicros = *u.MonthlyBudgetMicros
	}
	if u.RequestsPerMinute != nil {
		b.RequestsPerMinute = *u.RequestsPerMinute
	}
	if u.CeilingMonthlyMicros != nil {
		b.CeilingMonthlyMicros = *u.CeilingMonthlyMicros
	}
	if u.CeilingRequestsPerMinute != nil {
		b.CeilingRequestsPerMinute = *u.CeilingRequestsPerMinute
	}
	if u.AllowedModels != nil {
		b.AllowedModels = *u.AllowedModels
	}
	m.budgets[c] = b
	return b, nil
}

func (m *Store) CountRequest(_ context.Context, c string, minute time.Time) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := c + minute.String()
	m.counters[k]++
	return m.counters[k], nil
}

// Records returns the usage recorded so far.
func (m *Store) Records() []domain.UsageRecord {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]domain.UsageRecord(nil), m.usage...)
}
