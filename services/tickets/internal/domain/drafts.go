package domain

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/principal"
)

// MaxDraft is the longest draft content, in characters.
const MaxDraft = 100000

// NotifyDraftAdded is the notification type of a new draft.
const NotifyDraftAdded = "draft_added"

// DraftSource is where a cited chunk came from.
type DraftSource struct {
	ID, Title, Ref, URL string
}

// DraftCitation is a knowledge chunk a draft cites as [N].
type DraftCitation struct {
	N       int
	ChunkID string
	Source  DraftSource
	Score   float64
}

// Draft is one numbered revision of a ticket's content, written by an
// agent (the agents service) and recorded here.
type Draft struct {
	ID             string
	CompanyID      string
	TicketID       string
	Number         int64
	Content        string
	AgentID        string
	PersonaVersion int64
	Citations      []DraftCitation
	CreatedBy      string
	CreatedAt      time.Time
}

// DraftStore keeps drafts, by the ticket's company.
type DraftStore interface {
	// InsertDraft stores d with the ticket's next number (never shared,
	// also under concurrent inserts) and returns it with id and number.
	InsertDraft(ctx context.Context, d Draft) (Draft, error)
	// ListDrafts pages a ticket's drafts, newest (highest number) first.
	ListDrafts(ctx context.Context, companyID, ticketID string, p Page) ([]Draft, int64, error)
	// Recorded marks the draft id as recorded on its ticket; until then
	// (a crash between the draft and the ticket write) PendingDrafts
	// lists it.
	Recorded(ctx context.Context, id string) error
	// PendingDrafts lists drafts of every company stored at or before
	// `before` and not yet recorded, oldest first.
	PendingDrafts(ctx context.Context, before time.Time, limit int) ([]Draft, error)
}

// CanWork reports whether p may work on t's content: managers, and the
// user t is assigned to.
func CanWork(p principal.Principal, t Ticket) bool {
	return isManager(p) || (t.AssigneeID != "" && t.AssigneeID == p.UserID)
}

// Drafts lists the drafts of a ticket p may see.
func (s *Service) Drafts(ctx context.Context, p principal.Principal, id string, pg Page) ([]Draft, int64, error) {
	t, _, err := s.get(ctx, p, id)
	if err != nil {
		return nil, 0, err
	}
	return s.drafts.ListDrafts(ctx, t.CompanyID, t.ID, pg)
}

// draftMoves is how often AddDraft retries moving an open ticket to
// in_progress when a concurrent write bumped its version.
const draftMoves = 3

// AddDraft records d as the next revision of ticket id: managers and the
// assignee only (403 otherwise; a ticket p cannot see is 404). The
// history records it and followers except p are notified; an open ticket
// then moves to in_progress through the workflow (a step p may not take,
// or a ticket that left open meanwhile, leaves the status as it is).
func (s *Service) AddDraft(ctx context.Context, p principal.Principal, id string, d Draft) (Draft, Ticket, error) {
	d.Content = strings.TrimSpace(d.Content)
	var v errs.Validator
	v.Check(d.Content != "", "content", "missing", "content is required")
	v.Check(len([]rune(d.Content)) <= MaxDraft, "content", "string_too_long", "content must be at most %d characters", MaxDraft)
	v.Check(d.PersonaVersion >= 0, "persona_version", "greater_than_equal", "persona_version must be ≥ 0")
	if err := v.Err(); err != nil {
		return Draft{}, Ticket{}, err
	}
	t, sc, err := s.get(ctx, p, id)
	if err != nil {
		return Draft{}, Ticket{}, err
	}
	if !CanWork(p, t) {
		return Draft{}, Ticket{}, errs.New(errs.ErrPermissionDenied, "Only managers and the assignee may draft this ticket")
	}
	d.ID, d.CompanyID, d.TicketID, d.CreatedBy, d.CreatedAt = "", t.CompanyID, t.ID, p.UserID, s.now()
	stored, err := s.drafts.InsertDraft(ctx, d)
	if err != nil {
		return Draft{}, Ticket{}, fmt.Errorf("insert draft: %w", err)
	}
	return stored, s.recordDraft(ctx, p, sc, t, stored), nil
}
