package store

import (
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/copydesk/copydesk/pkg/errs"
	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/services/agents/internal/integrations"
)

// SyncJobs implements integrations.JobStore: jobs, the active-job
// pointer per connection (an insert keyed by the connection: one active
// job each, atomically on MongoDB and FerretDB), the step leases
// (mongox.TakeLease) and the product ledger (ledger.go).
type SyncJobs struct {
	jobs, active, leases, ledger *mongo.Collection
}

// NewSyncJobs returns the store on db.
func NewSyncJobs(db *mongo.Database) *SyncJobs {
	return &SyncJobs{jobs: db.Collection(syncJobsColl), active: db.Collection(syncActiveColl),
		leases: db.Collection(syncLeasesColl), ledger: db.Collection(ledgerColl)}
}

var _ integrations.JobStore = (*SyncJobs)(nil)

// orphanAfter is how old an active pointer to a job that was never
// stored (its starter died in between) must be before it is dropped.
const orphanAfter = time.Minute

type jobDoc struct {
	ID            string    `bson:"_id"`
	CompanyID     string    `bson:"company_id"`
	IntegrationID string    `bson:"integration_id"`
	Trigger       string    `bson:"trigger"`
	Mode          string    `bson:"mode"`
	Status        string    `bson:"status"`
	Since         time.Time `bson:"since"`
	Phase         string    `bson:"phase"`
	Cursor        string    `bson:"cursor"`
	Step          int64     `bson:"step"`
	Watermark     time.Time `bson:"watermark"`
	Fetched       int       `bson:"fetched"`
	Ingested      int       `bson:"ingested"`
	Unchanged     int       `bson:"unchanged"`
	Removed       int       `bson:"removed"`
	Failed        int       `bson:"failed"`
	Errors        []string  `bson:"errors"`
	CreatedAt     time.Time `bson:"created_at"`
	StartedAt     time.Time `bson:"started_at"`
	FinishedAt    time.Time `bson:"finished_at"`
}

func (d jobDoc) domain() integrations.Job {
	j := integrations.Job(d)
	for _, t := range []*time.Time{&j.Since, &j.Watermark, &j.CreatedAt, &j.StartedAt, &j.FinishedAt} {
		*t = t.UTC()
	}
	if j.Errors == nil {
		j.Errors = []string{}
	}
	return j
}

type activeDoc struct {
	IntegrationID string    `bson:"_id"`
	JobID         string    `bson:"job_id"`
	CreatedAt     time.Time `bson:"created_at"`
}

// Start makes job its connection's active job and stores it, unless
// another job is active (returned, started false).
func (s *SyncJobs) Start(ctx ctxT, job integrations.Job) (integrations.Job, bool, error) {
	if err := requireCompany(job.CompanyID); err != nil {
		return integrations.Job{}, false, err
	}
	if job.ID == "" {
		job.ID = bson.NewObjectID().Hex()
	}
	for range 2 {
		_, err := s.active.InsertOne(ctx, activeDoc{IntegrationID: job.IntegrationID, JobID: job.ID, CreatedAt: job.CreatedAt})
		if err == nil {
			break
		}
		if !mongox.IsDuplicateKey(err) {
			return integrations.Job{}, false, fmt.Errorf("activate sync job: %w", err)
		}
		var a activeDoc
		if err := s.active.FindOne(ctx, bson.M{"_id": job.IntegrationID}).Decode(&a); errors.Is(err, mongo.ErrNoDocuments) {
			continue // finished meanwhile: try once more
		} else if err != nil {
			return integrations.Job{}, false, fmt.Errorf("read active sync job: %w", err)
		}
		cur, err := s.GetJob(ctx, a.JobID)
		if errors.Is(err, errs.ErrNotFound) && time.Since(a.CreatedAt) > orphanAfter {
			_, _ = s.active.DeleteOne(ctx, bson.M{"_id": a.IntegrationID, "job_id": a.JobID})
			continue
		}
		if err != nil {
			return integrations.Job{}, false, err
		}
		return cur, false, nil
	}
	if _, err := s.jobs.InsertOne(ctx, jobDoc(job)); err != nil {
		_, _ = s.active.DeleteOne(ctx, bson.M{"_id": job.IntegrationID, "job_id": job.ID})
		if mongox.IsDuplicateKey(err) { // this schedule slot already ran
			cur, gerr := s.GetJob(ctx, job.ID)
			return cur, false, gerr
		}
		return integrations.Job{}, false, fmt.Errorf("insert sync job: %w", err)
	}
	return job, true, nil
}

// Active lists the active job of every connection, dropping pointers to
// jobs that were never stored.
func (s *SyncJobs) Active(ctx ctxT, limit int) ([]integrations.Job, error) {
	cur, err := s.active.Find(ctx, bson.M{}, options.Find().SetSort(bson.D{{Key: "created_at", Value: 1}}).SetLimit(int64(limit)))
	if err != nil {
		return nil, fmt.Errorf("find active sync jobs: %w", err)
	}
	var as []activeDoc
	if err := cur.All(ctx, &as); err != nil {
		return nil, fmt.Errorf("read active sync jobs: %w", err)
	}
	var out []integrations.Job
	for _, a := range as {
		j, err := s.GetJob(ctx, a.JobID)
		switch {
		case errors.Is(err, errs.ErrNotFound):
			if time.Since(a.CreatedAt) > orphanAfter {
				_, _ = s.active.DeleteOne(ctx, bson.M{"_id": a.IntegrationID, "job_id": a.JobID})
			}
		case err != nil:
			return nil, err
		case j.Status == integrations.JobSucceeded || j.Status == integrations.JobFailed:
			// Finished but the pointer outlived its holder.
			_, _ = s.active.DeleteOne(ctx, bson.M{"_id": a.IntegrationID, "job_id": a.JobID})
		default:
			out = append(out, j)
		}
	}
	return out, nil
}

// GetJob reads a job.
func (s *SyncJobs) GetJob(ctx ctxT, id string) (integrations.Job, error) {
	var d jobDoc
	if err := s.jobs.FindOne(ctx, bson.M{"_id": id}).Decode(&d); err != nil {
		return integrations.Job{}, fmt.Errorf("sync job %s: %w", id, mongox.NotFound(err))
	}
	return d.domain(), nil
}

// ListJobs pages a connection's jobs, newest first.
func (s *SyncJobs) ListJobs(ctx ctxT, company, integrationID string, p integrations.Page) ([]integrations.Job, int64, error) {
	if err := requireCompany(company); err != nil {
		return nil, 0, err
	}
	p.Sort, p.Desc = "created_at", true
	return mongox.List(ctx, s.jobs, bson.M{"company_id": company, "integration_id": integrationID}, p, jobDoc.domain)
}

// ClaimStep leases one step of a job (mongox.TakeLease on
// sync_leases: "sync:<job>#<step>"). An ended lease is taken over while
// the job is still at that step, i.e. its holder died before saving.
func (s *SyncJobs) ClaimStep(ctx ctxT, jobID string, step int64, owner string, now, until time.Time) (bool, error) {
	stillThere := func(ctx ctxT) (bool, error) {
		j, err := s.GetJob(ctx, jobID)
		if err != nil {
			return false, err
		}
		return j.Step == step && j.FinishedAt.IsZero(), nil
	}
	return mongox.TakeLease(ctx, s.leases, mongox.Lease{Key: "sync:" + jobID, N: step, Owner: owner, Until: until}, now, stillThere)
}

// Save writes a job's progress.
func (s *SyncJobs) Save(ctx ctxT, job integrations.Job) error {
	d := jobDoc(job)
	if _, err := s.jobs.ReplaceOne(ctx, bson.M{"_id": job.ID}, d); err != nil {
		return fmt.Errorf("save sync job %s: %w", job.ID, err)
	}
	return nil
}

// Finish writes the finished job and ends its being active.
func (s *SyncJobs) Finish(ctx ctxT, job integrations.Job) error {
	if err := s.Save(ctx, job); err != nil {
		return err
	}
	if _, err := s.active.DeleteOne(ctx, bson.M{"_id": job.IntegrationID, "job_id": job.ID}); err != nil {
		return fmt.Errorf("end active sync job %s: %w", job.ID, err)
	}
	return nil
}

// Purge drops step leases that ended before before.
func (s *SyncJobs) Purge(ctx ctxT, before time.Time) error {
	_, err := mongox.PurgeClaims(ctx, s.leases, before)
	return err
}
