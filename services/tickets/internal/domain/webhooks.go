package domain

import (
	"context"
	"fmt"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/pkg/tenancy"
	"github.com/copydesk/copydesk/pkg/textset"
)

// Webhook is a receiver of a company's ticket events. Secret is
// write-only: it is set on create, stored sealed, and never read back
// (HasSecret says whether one is set); the delivery worker alone opens it
// as the HMAC key.
type Webhook struct {
	ID         string
	CompanyID  string
	URL        string
	Secret     string
	HasSecret  bool
	EventTypes []string
	Active     bool
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// WebhookChanges are the fields to change (nil: unchanged).
type WebhookChanges struct {
	URL        *string
	Secret     *string
	EventTypes *[]string
	Active     *bool
	UpdatedAt  time.Time
}

// OutboxEvent is one pending delivery of one event to one webhook.
type OutboxEvent struct {
	ID            string
	CompanyID     string
	WebhookID     string
	EventID       string
	EventType     string
	Payload       []byte
	CreatedAt     time.Time
	NextAttemptAt time.Time
}

// Webhook secret limits.
const (
	MinSecret = 16
	MaxSecret = 256
	MaxURL    = 2048
	// MaxEventTypes is the most event types a webhook may list, as sent.
	MaxEventTypes = 20
)

// eventTypeRule normalises a webhook's event types (pkg/textset).
var eventTypeRule = textset.Rule{Field: "event_types", Noun: "event types", Max: MaxEventTypes}

// WebhookInput is a new webhook.
type WebhookInput struct {
	URL        string
	Secret     string
	EventTypes []string
	Active     *bool
	CompanyID  string
}

// CreateWebhook registers a webhook after checking its URL (scheme and
// the addresses its host resolves to).
func (s *Service) CreateWebhook(ctx context.Context, p principal.Principal, in WebhookInput) (Webhook, error) {
	company, err := tenancy.TargetCompany(ctx, p, in.CompanyID, tenancy.ActiveCompany(s.dir))
	if err != nil {
		return Webhook{}, err
	}
	var v errs.Validator
	v.Check(in.URL != "", "url", "missing", "url is required")
	v.Check(len(in.Secret) >= MinSecret && len(in.Secret) <= MaxSecret, "secret", "value_error", "secret must be %d to %d characters", MinSecret, MaxSecret)
	in.EventTypes = textset.Normalize(&v, eventTypeRule, in.EventTypes)
	for _, e := range in.EventTypes {
		v.OneOf("event_types", e, EventTypes)
	}
	if err := v.Err(); err != nil {
		return Webhook{}, err
	}
	if err := s.checkURL(ctx, in.URL); err != nil {
		return Webhook{}, err
	}
	now := s.now()
	w := Webhook{CompanyID: company, URL: in.URL, Secret: in.Secret, EventTypes: in.EventTypes,
		Active: in.Active == nil || *in.Active, CreatedAt: now, UpdatedAt: now}
	if w.Active {
		if err := s.roomForActive(ctx, company, 1); err != nil {
			return Webhook{}, err
		}
	}
	w, err = s.hooks.CreateWebhook(ctx, w)
	if err != nil {
		return Webhook{}, fmt.Errorf("create webhook: %w", err)
	}
	if w.Active {
		// two creates racing past the first check: both see the count over
		// the cap now and both undo (a retry then succeeds)
		if err := s.roomForActive(ctx, company, 0); err != nil {
			if _, derr := s.hooks.DeleteWebhook(ctx, Scope{Scope: tenancy.OneCompany(company)}, w.ID); derr != nil {
				return Webhook{}, fmt.Errorf("undo webhook over the cap: %w", derr)
			}
			return Webhook{}, err
		}
	}
	return w, nil
}

func (s *Service) checkURL(ctx context.Context, u string) error {
	if len(u) > MaxURL {
		var v errs.Validator
		v.Add("url", "string_too_long", "url must be at most %d characters", MaxURL)
		return v.Err()
	}
	if err := s.guard.CheckURL(ctx, u); err != nil {
		var v errs.Validator
		v.Add("url", "value_error", "url is not allowed: %s", err.Error())
		return v.Err()
	}
	return nil
}

// GetWebhook reads a webhook of p's company.
func (s *Service) GetWebhook(ctx context.Context, p principal.Principal, id string) (Webhook, error) {
	sc, err := companyScope(p)
	if err != nil {
		return Webhook{}, err
	}
	return s.hooks.GetWebhook(ctx, sc, id)
}

// ListWebhooks lists the webhooks of p's company.
func (s *Service) ListWebhooks(ctx context.Context, p principal.Principal, active *bool, pg Page) ([]Webhook, int64, error) {
	sc, err := companyScope(p)
	if err != nil {
		return nil, 0, err
	}
	return s.hooks.ListWebhooks(ctx, sc, active, pg)
}

// UpdateWebhook changes a webhook; a new URL is checked like on create.
func (s *Service) UpdateWebhook(ctx context.Context, p principal.Principal, id string, ch WebhookChanges) (Webhook, error) {
	sc, err := companyScope(p)
	if err != nil {
		return Webhook{}, err
	}
	cur, err := s.hooks.GetWebhook(ctx, sc, id)
	if err != nil {
		return Webhook{}, err
	}
	var v errs.Validator
	if ch.Secret != nil {
		v.Check(len(*ch.Secret) >= MinSecret && len(*ch.Secret) <= MaxSecret, "secret", "value_error", "secret must be %d to %d characters", MinSecret, MaxSecret)
	}
	if ch.EventTypes != nil {
		et := textset.Normalize(&v, eventTypeRule, *ch.EventTypes)
		for _, e := range et {
			v.OneOf("event_types", e, EventTypes)
		}
		ch.EventTypes = &et
	}
	if err := v.Err(); err != nil {
		return Webhook{}, err
	}
	if ch.URL != nil {
		if err := s.checkURL(ctx, *ch.URL); err != nil {
			return Webhook{}, err
		}
	}
	ch.UpdatedAt = s.now()
	activating := ch.Active != nil && *ch.Active && !cur.Active
	if activating {
		if err := s.roomForActive(ctx, cur.CompanyID, 1); err != nil {
			return Webhook{}, err
		}
	}
	w, err := s.hooks.UpdateWebhook(ctx, sc, id, ch)
	if err != nil || !activating {
		return w, err
	}
	if err := s.roomForActive(ctx, cur.CompanyID, 0); err != nil {
		off := false
		if _, uerr := s.hooks.UpdateWebhook(ctx, sc, id, WebhookChanges{Active: &off, UpdatedAt: ch.UpdatedAt}); uerr != nil {
			return Webhook{}, fmt.Errorf("undo webhook over the cap: %w", uerr)
		}
		return Webhook{}, err
	}
	return w, nil
}

// roomForActive refuses when the company's active webhooks plus adding
// would exceed WebhooksPerCompany: one company cannot fan its events out
// to an unbounded number of receivers.
func (s *Service) roomForActive(ctx context.Context, company string, adding int) error {
	active, err := s.hooks.ActiveWebhooks(ctx, company)
	if err != nil {
		return fmt.Errorf("count active webhooks: %w", err)
	}
	if len(active)+adding > s.maxHooks {
		return errs.New(errs.ErrConflict, "A company may have at most %d active webhooks; deactivate or delete one first", s.maxHooks)
	}
	return nil
}

// DeleteWebhook deletes a webhook of p's company.
func (s *Service) DeleteWebhook(ctx context.Context, p principal.Principal, id string) (Webhook, error) {
	sc, err := companyScope(p)
	if err != nil {
		return Webhook{}, err
	}
	return s.hooks.DeleteWebhook(ctx, sc, id)
}
