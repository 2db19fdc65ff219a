package integrations

import (
	"time"

	"github.com/copydesk/copydesk/pkg/listing"
	"github.com/copydesk/copydesk/pkg/principal"
	"github.com/copydesk/copydesk/pkg/tenancy"
)

// Kinds of connection.
const (
	KindShopify   = "shopify"
	KindWordPress = "wordpress"
)

// Kinds are the connection kinds.
var Kinds = []string{KindShopify, KindWordPress}

// Sorts are the public sort names of connection lists.
var Sorts = []string{"name", "kind", "created_at", "updated_at"}

// AdminRoles manage connections (ARCHITECTURE §2: company admins).
var AdminRoles = []string{principal.RoleSuperadmin, principal.RoleCompanyAdmin}

// PublishRoles may publish through a WordPress connection.
var PublishRoles = []string{principal.RoleSuperadmin, principal.RoleCompanyAdmin, principal.RoleContentManager}

// Page is a validated page of a list.
type Page = listing.Page

// Scope is whose connections a call may touch.
type Scope = tenancy.Scope

// Integration is a connection. Its secret (Shopify access token,
// WordPress application password) never appears here: the store seals it
// and opens it only for the outbound calls (Store.Secret).
type Integration struct {
	ID          string
	CompanyID   string
	Kind        string
	Name        string
	ShopDomain  string
	APIVersion  string
	SyncMinutes int
	SiteURL     string
	Username    string
	HasSecret   bool
	Active      bool
	// SyncedThrough is the newest product updated_at of the last
	// successful sync: the next one is incremental from there.
	SyncedThrough time.Time
	LastSyncedAt  time.Time
	NextSyncAt    time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Input is a new connection, with its secret.
type Input struct {
	Kind, Name, ShopDomain, APIVersion, SiteURL, Username, Secret, CompanyID string
	SyncMinutes                                                              int
	Active                                                                   *bool
}

// Changes are the fields to change (nil: unchanged).
type Changes struct {
	Name, ShopDomain, APIVersion, SiteURL, Username, Secret *string
	SyncMinutes                                             *int
	Active                                                  *bool
	NextSyncAt                                              *time.Time
	UpdatedAt                                               time.Time
}

// Job states, triggers, modes and phases.
const (
	JobQueued    = "queued"
	JobRunning   = "running"
	JobSucceeded = "succeeded"
	JobFailed    = "failed"

	TriggerManual   = "manual"
	TriggerSchedule = "schedule"

	ModeFull        = "full"
	ModeIncremental = "incremental"

	// PhaseProducts pages the products to ingest; PhasePrune pages every
	// live product id (incremental jobs: deletions do not show up in an
	// updated_at query); PhaseRemove removes what was not seen.
	PhaseProducts = "products"
	PhasePrune    = "prune"
	PhaseRemove   = "remove"
)

// MaxJobErrors is how many errors a job keeps.
const MaxJobErrors = 20

// Job is one sync run. Step counts the pages done; the worker holding the
// lease of (job, step) is the only one writing the job.
type Job struct {
	ID            string
	CompanyID     string
	IntegrationID string
	Trigger       string
	Mode          string
	Status        string
	Since         time.Time
	Phase         string
	Cursor        string
	Step          int64
	Watermark     time.Time
	Fetched       int
	Ingested      int
	Unchanged     int
	Removed       int
	Failed        int
	Errors        []string
	CreatedAt     time.Time
	StartedAt     time.Time
	FinishedAt    time.Time
}

func (j *Job) addError(msg string) {
	if len(j.Errors) < MaxJobErrors {
		j.Errors = append(j.Errors, msg)
	}
}

// LedgerEntry is what the sync knows of one product: the knowledge
// source it became, its updated_at then, and the last job that saw it
// live.
type LedgerEntry struct {
	IntegrationID string
	CompanyID     string
	ProductID     int64
	SourceID      string
	UpdatedAt     time.Time
	SeenJob       string
}
