package domain

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/ids"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/pkg/textset"
)

// Publication is where a ticket was published (a WordPress post), or the
// error of the last attempt.
type Publication struct {
	IntegrationID string
	PostID        int64
	Link          string
	Status        string
	PublishedAt   *time.Time
	Error         string
	AttemptedAt   *time.Time
}

// PostRequest is one post for the publisher (the agents service, which
// owns the WordPress connection and its password). Slug is the ticket's
// marker (PostSlug): without a PostID the publisher adopts the post that
// has it before creating one.
type PostRequest struct {
	IntegrationID, CompanyID              string
	PostID                                int64
	Title, Content, Excerpt, Status, Slug string
	Categories, Tags                      []string
}

// PostSlug is the slug of a ticket's WordPress post: deterministic, so
// that a publish whose outcome was lost (its deadline passed while
// WordPress made the post) is followed by one that finds that post
// (GET /wp-json/wp/v2/posts?slug=…&status=any) rather than making a
// second.
func PostSlug(ticketID string) string { return "copydesk-" + ticketID }

// PostResult is the post as written.
type PostResult struct {
	PostID       int64
	Link, Status string
}

// Publisher writes posts through a connection, with the caller's
// identity.
type Publisher interface {
	PublishPost(ctx context.Context, r PostRequest) (PostResult, error)
}

// PublishFailure is a publish that reached WordPress (or tried) and
// failed; Msg is safe to show and to record.
type PublishFailure struct{ Msg string }

func (e *PublishFailure) Error() string { return e.Msg }

// PublishLocks serialises publishes of one ticket version: of concurrent
// publishes one claims it, so one post is created, never two.
type PublishLocks interface {
	ClaimPublish(ctx context.Context, ticketID string, version int64, owner string, now, until time.Time) (bool, error)
	ReleasePublish(ctx context.Context, ticketID string, version int64, owner string) error
}

// PublishInput is what the caller asks for.
type PublishInput struct {
	IntegrationID, Status, Excerpt string
	Categories, Tags               []string
}

// NotifyPublished is the notification type of a publication.
const NotifyPublished = "published"

// publishLease bounds one publish (the WordPress calls).
const publishLease = 2 * time.Minute

// publishRecordTimeout bounds the write of a publish's outcome, which runs
// detached from the caller's cancellation: a post WordPress made must be
// recorded even when the caller's deadline has just passed.
const publishRecordTimeout = 10 * time.Second

var (
	categoryRule = textset.Rule{Field: "categories", Noun: "categories", Max: 20}
	wpTagRule    = textset.Rule{Field: "tags", Noun: "tags", Max: 20}
)

// Publish posts an approved ticket's latest draft to WordPress through a
// connection of the ticket's company and moves the ticket to published
// (history, followers, webhooks as for any status change). Publishing a
// published ticket again updates the same post. A failed publish leaves
// the ticket as it was, with the error recorded in its publication and
// history, and answers 503 with WordPress's status.
func (s *Service) Publish(ctx context.Context, p principal.Principal, id string, in PublishInput) (Ticket, error) {
	var v errs.Validator
	if in.Status == "" {
		in.Status = "publish"
	}
	v.OneOf("status", in.Status, []string{"draft", "publish"})
	v.Check(ids.Valid(in.IntegrationID), "integration_id", "value_error", "integration_id must be a connection id")
	v.Check(len(in.Excerpt) <= MaxNote, "excerpt", "string_too_long", "excerpt must be at most %d characters", MaxNote)
	in.Categories = textset.Normalize(&v, categoryRule, in.Categories)
	tags := textset.Normalize(&v, wpTagRule, in.Tags)
	if err := v.Err(); err != nil {
		return Ticket{}, err
	}
	t, sc, err := s.get(ctx, p, id)
	if err != nil {
		return Ticket{}, err
	}
	if !isManager(p) {
		return Ticket{}, errs.New(errs.ErrPermissionDenied, "Only managers publish")
	}
	if t.Status != StatusApproved && t.Status != StatusPublished {
		return Ticket{}, errs.New(errs.ErrInvalidTransition, "Only an approved ticket is published (this one is %s)", t.Status)
	}
	drafts, _, err := s.drafts.ListDrafts(ctx, t.CompanyID, t.ID, Page{Limit: 1})
	if err != nil {
		return Ticket{}, err
	}
	if len(drafts) == 0 {
		return Ticket{}, errs.New(errs.ErrInvalidTransition, "The ticket has no draft to publish")
	}
	now := s.now()
	owner := rand.Text()
	won, err := s.locks.ClaimPublish(ctx, t.ID, t.Version, owner, now, now.Add(publishLease))
	if err != nil {
		return Ticket{}, err
	}
	if !won {
		return Ticket{}, errs.New(errs.ErrConflict, "This ticket is being published or changed; read it again")
	}
	req := PostRequest{IntegrationID: in.IntegrationID, CompanyID: t.CompanyID, Title: t.Title, Content: renderDraft(drafts[0].Content),
		Excerpt: in.Excerpt, Status: in.Status, Categories: in.Categories, Tags: tags, Slug: PostSlug(t.ID)}
	if req.Excerpt == "" {
		req.Excerpt = t.Description
	}
	if in.Tags == nil {
		req.Tags = t.Tags
	}
	if pub := t.Publication; pub != nil && pub.IntegrationID == in.IntegrationID {
		req.PostID = pub.PostID // the same post again, never a second one
	}
	res, err := s.publisher.PublishPost(ctx, req)
	if err != nil {
		defer func() {
			if rerr := s.locks.ReleasePublish(context.WithoutCancel(ctx), t.ID, t.Version, owner); rerr != nil {
				s.log.WarnContext(ctx, "publish claim not released", "ticket_id", t.ID, "error", rerr.Error())
			}
		}()
	}
	var pf *PublishFailure
	if errors.As(err, &pf) {
		s.recordFailure(ctx, p, sc, t, in.IntegrationID, pf.Msg)
		return Ticket{}, errs.New(errs.ErrUnavailable, "Publishing failed: %s; the ticket stays %s", pf.Msg, t.Status)
	}
	if err != nil {
		return Ticket{}, err
	}
	return s.recordPublished(ctx, p, sc, t, in.IntegrationID, res)
}

func (s *Service) recordPublished(ctx context.Context, p principal.Principal, sc Scope, t Ticket, integration string, res PostResult) (Ticket, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), publishRecordTimeout)
	defer cancel()
	now := s.now()
	pub := &Publication{IntegrationID: integration, PostID: res.PostID, Link: res.Link, Status: res.Status, PublishedAt: &now, AttemptedAt: &now}
	// The post exists now: its record must land even when another write
	// (an edit, a comment's follower) moved the version meanwhile, or the
	// next publish would make a second post. Retried on the new version.
	var nt Ticket
	var moved bool
	var err error
	for range draftMoves {
		ch := Changes{Publication: pub, UpdatedAt: now}
		moved = t.Status == StatusApproved && CheckTransition(p, t, StatusPublished) == nil
		if moved {
			to := StatusPublished
			ch.Status = &to
		}
		ch.Events = events(p, now, publishedChanges(t, res, moved)...)
		if nt, err = s.tickets.Update(ctx, sc, t.ID, t.Version, ch); !errors.Is(err, errs.ErrConflict) {
			break
		}
		if t, err = s.tickets.Get(ctx, sc, t.ID); err != nil {
			break
		}
	}
	if err != nil {
		return Ticket{}, fmt.Errorf("record publication of %s (post %d): %w", t.ID, res.PostID, err)
	}
	return s.relay(ctx, nt), nil
}

// publishedChanges are the history of a publication of t (and its move to
// published).
func publishedChanges(t Ticket, res PostResult, moved bool) []change {
	chs := []change{{action: "published", field: "publication", to: res.Link, note: fmt.Sprintf("WordPress post %d (%s)", res.PostID, res.Status),
		notify: NotifyPublished, message: fmt.Sprintf("%s was published: %s", t.Ref(), res.Link)}}
	if moved {
		chs = append(chs, change{action: "status_changed", field: "status", from: t.Status, to: StatusPublished, note: "published",
			notify: NotifyStatusChanged, event: EventStatusChanged,
			message: fmt.Sprintf("%s moved from %s to %s", t.Ref(), t.Status, StatusPublished)})
	}
	return chs
}

// recordFailure keeps the error on the ticket and in its history (a
// concurrent change wins over the record; the error is then only logged).
func (s *Service) recordFailure(ctx context.Context, p principal.Principal, sc Scope, t Ticket, integration, msg string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), publishRecordTimeout)
	defer cancel()
	now := s.now()
	pub := &Publication{IntegrationID: integration, Error: msg, AttemptedAt: &now}
	if old := t.Publication; old != nil && old.IntegrationID == integration {
		kept := *old
		kept.Error, kept.AttemptedAt = msg, &now
		pub = &kept
	}
	nt, err := s.tickets.Update(ctx, sc, t.ID, t.Version, Changes{Publication: pub, UpdatedAt: now,
		Events: events(p, now, change{action: "publish_failed", field: "publication", note: msg})})
	if err != nil {
		s.log.WarnContext(ctx, "publish failure not recorded on the ticket", "ticket_id", t.ID, "error", err.Error(), "failure", msg)
		return
	}
	s.relay(ctx, nt)
}

// renderDraft turns a draft (markdown, as agents write) into the HTML a
// post's content is.
func renderDraft(md string) string {
	html, err := markdownToHTML(strings.TrimSpace(md))
	if err != nil {
		return md
	}
	return html
}
