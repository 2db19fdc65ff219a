package outbox

import (
	"bytes"
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"github.com/copydesk/copydesk/pkg/netguard"
)

// Job is one claimed delivery.
type Job struct {
	ID        string
	CompanyID string
	WebhookID string
	EventType string
	Payload   []byte
	// Attempts counts this attempt too.
	Attempts int
}

// Target is where a job goes.
type Target struct {
	URL    string
	Secret string
	Active bool
}

// ErrGone is returned by Store.Target for a deleted webhook.
var ErrGone = errors.New("webhook gone")

// Store is the outbox the worker needs. Completion methods only act while
// owner still holds the job's lease.
type Store interface {
	// DueCompanies lists the companies that have jobs due at now; its cost
	// grows with the number of such companies, not with their jobs.
	DueCompanies(ctx context.Context, now time.Time) ([]string, error)
	// Claim leases the oldest due pending job of companyID to owner until
	// now+lease and counts the attempt; ok is false when none is due.
	Claim(ctx context.Context, owner, companyID string, now time.Time, lease time.Duration) (job Job, ok bool, err error)
	Target(ctx context.Context, companyID, webhookID string) (Target, error)
	Delivered(ctx context.Context, id, owner string, now time.Time, code int) error
	Retry(ctx context.Context, id, owner string, next time.Time, code int, msg string) error
	Fail(ctx context.Context, id, owner string, now time.Time, code int, msg string) error
	// Purge deletes old leases and finished jobs.
	Purge(ctx context.Context, now time.Time) error
}

// purgeEvery is how often a worker purges old outbox data.
const purgeEvery = time.Hour

// Config tunes delivery.
type Config struct {
	PollInterval time.Duration // idle wait between claims; longest a round of due companies is kept
	Lease        time.Duration // how long a claim holds (> Timeout)
	Timeout      time.Duration // one HTTP attempt
	BackoffBase  time.Duration // first retry delay
	BackoffMax   time.Duration // longest retry delay
	MaxAttempts  int           // then the job is failed
}

// Worker delivers jobs.
type Worker struct {
	fair   *fair
	store  Store
	client *http.Client
	cfg    Config
	log    *slog.Logger
	owner  string
	now    func() time.Time
}

// NewWorker returns a worker; client should come from netguard.Guard.Client.
func NewWorker(s Store, client *http.Client, cfg Config, log *slog.Logger) *Worker {
	return NewWorkers(1, s, client, cfg, log)[0]
}

// NewWorkers returns n workers that share one fair turn across companies.
func NewWorkers(n int, s Store, client *http.Client, cfg Config, log *slog.Logger) []*Worker {
	f := newFair()
	out := make([]*Worker, 0, n)
	for range n {
		var b [8]byte
		_, _ = crand.Read(b[:])
		out = append(out, &Worker{fair: f, store: s, client: client, cfg: cfg, log: log, owner: hex.EncodeToString(b[:]), now: time.Now})
	}
	return out
}

// Run delivers until ctx is done.
func (w *Worker) Run(ctx context.Context) {
	lastPurge := time.Time{}
	for {
		if time.Since(lastPurge) > purgeEvery {
			lastPurge = time.Now()
			if err := w.store.Purge(ctx, w.now().UTC()); err != nil && ctx.Err() == nil {
				w.log.ErrorContext(ctx, "webhook outbox purge", "error", err.Error())
			}
		}
		did, err := w.RunOnce(ctx)
		if err != nil && ctx.Err() == nil {
			w.log.ErrorContext(ctx, "webhook outbox", "error", err.Error())
		}
		if did && err == nil {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(w.cfg.PollInterval):
		}
	}
}

// RunOnce claims and delivers at most one job; did says whether one was
// claimed.
func (w *Worker) RunOnce(ctx context.Context) (did bool, err error) {
	job, ok, err := w.claim(ctx)
	if err != nil || !ok {
		return false, err
	}
	defer w.fair.done(job.CompanyID)
	target, err := w.store.Target(ctx, job.CompanyID, job.WebhookID)
	switch {
	case errors.Is(err, ErrGone) || (err == nil && !target.Active):
		return true, w.store.Fail(ctx, job.ID, w.owner, w.now().UTC(), 0, "webhook deleted or inactive")
	case err != nil:
		return true, fmt.Errorf("webhook target: %w", err)
	}
	code, derr := w.deliver(ctx, job, target)
	now := w.now().UTC()
	if derr == nil {
		w.log.InfoContext(ctx, "webhook delivered", "delivery", job.ID, "event", job.EventType, "status", code, "attempt", job.Attempts)
		return true, w.store.Delivered(ctx, job.ID, w.owner, now, code)
	}
	msg := derr.Error()
	if job.Attempts >= w.cfg.MaxAttempts {
		w.log.WarnContext(ctx, "webhook delivery failed for good", "delivery", job.ID, "attempt", job.Attempts, "error", msg)
		return true, w.store.Fail(ctx, job.ID, w.owner, now, code, msg)
	}
	next := now.Add(Backoff(job.Attempts, w.cfg.BackoffBase, w.cfg.BackoffMax))
	w.log.InfoContext(ctx, "webhook delivery will be retried", "delivery", job.ID, "attempt", job.Attempts, "next_at", next, "error", msg)
	return true, w.store.Retry(ctx, job.ID, w.owner, next, code, msg)
}

// claim takes a job of the company whose turn it is (fair.order): the
// companies with the fewest deliveries in flight in this process first,
// then the one served longest ago. One company's backlog or slow, failing
// receivers thus hold at most its share of the workers, and another
// company's event waits for at most one turn, not for that backlog.
//
// The companies come from the process's round (fair.current): read once
// and kept while a company in it still has a job, for at most the poll
// interval; a company with none left is dropped from it. A claim thus
// costs one Claim, not a read of every due company; when the round has
// nothing left it is read again (Store.DueCompanies, one index seek per
// company) and tried once more.
func (w *Worker) claim(ctx context.Context) (Job, bool, error) {
	now := w.now().UTC()
	companies, cached := w.fair.current(now, w.cfg.PollInterval)
	for {
		if !cached {
			due, err := w.store.DueCompanies(ctx, now)
			if err != nil {
				return Job{}, false, err
			}
			w.fair.newRound(due, now)
			companies = w.fair.order(due)
		}
		for _, c := range companies {
			job, ok, err := w.store.Claim(ctx, w.owner, c, now, w.cfg.Lease)
			if err != nil {
				return Job{}, false, err
			}
			if ok {
				w.fair.start(c)
				return job, true, nil
			}
			w.fair.drop(c)
		}
		if !cached {
			return Job{}, false, nil
		}
		cached = false // the round ran out: read the due companies again
	}
}

// deliver POSTs the signed payload; a 2xx is success, anything else
// (including a 3xx: redirects are not followed) is a failure.
func (w *Worker) deliver(ctx context.Context, job Job, t Target) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, w.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.URL, bytes.NewReader(job.Payload))
	if err != nil {
		return 0, errors.New("invalid webhook URL")
	}
	ts := w.now().Unix()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Copydesk-Webhooks/1")
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts, 10))
	req.Header.Set(HeaderSignature, Sign(t.Secret, ts, job.Payload))
	req.Header.Set(HeaderEvent, job.EventType)
	req.Header.Set(HeaderDelivery, job.ID)
	resp, err := w.client.Do(req)
	if err != nil {
		return 0, errors.New("request failed: " + netguard.Describe(err))
	}
	defer func() { _ = resp.Body.Close() }()
	_, _ = io.CopyN(io.Discard, resp.Body, 64<<10)
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("receiver answered %d", resp.StatusCode)
	}
	return resp.StatusCode, nil
}

// Backoff is the delay before retry number attempt (1-based): base·2^(n-1)
// capped at max, with "equal jitter" (half fixed, half random) so that
// receivers coming back are not hit by every retry at once.
func Backoff(attempt int, base, maxD time.Duration) time.Duration {
	d := base
	for i := 1; i < attempt && d < maxD; i++ {
		d *= 2
	}
	d = min(d, maxD)
	half := d / 2
	if half <= 0 {
		return d
	}
	return half + rand.N(half+1)
}
